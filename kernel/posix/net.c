/* net.c: IPv4, IPv6 and unix-domain sockets. Addresses are numeric text plus a port
   (name resolution belongs to std/net/dns in Orus). Data moves through io_read/io_write. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"

typedef union Addr {
    struct sockaddr sa;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    struct sockaddr_un un;
    struct sockaddr_storage any;
} Addr;

#define ADDR_TEXT 128   /* fits INET6_ADDRSTRLEN and a sun_path */

static int host_family(int32_t family)
{
    switch (family) {
    case ORK_NET_IPV4: return AF_INET;
    case ORK_NET_IPV6: return AF_INET6;
    case ORK_NET_UNIX: return AF_UNIX;
    default: return -1;
    }
}

int32_t ork_net_socket(int32_t family, int32_t kind, int32_t flags)
{
    int fam = host_family(family);
    int type = kind == ORK_NET_STREAM ? SOCK_STREAM : kind == ORK_NET_DGRAM ? SOCK_DGRAM : -1;
    if (fam < 0 || type < 0 || (flags & ~ORK_NET_NONBLOCK))
        return (int32_t)ork__fail(ORK_ID_NET_SOCKET, ORK_EINVAL);
    int fd = ORK_FAULT(ORK_ID_NET_SOCKET, NULL) ? -1 : socket(fam, type, 0);
    if (fd < 0)
        return (int32_t)ork__fail_native(ORK_ID_NET_SOCKET, errno);
    ork__cloexec(fd);
    if ((flags & ORK_NET_NONBLOCK) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
        int err = errno;
        close(fd);
        return (int32_t)ork__fail_native(ORK_ID_NET_SOCKET, err);
    }
    return (int32_t)ork__ok(ORK_ID_NET_SOCKET, fd, 0);
}

/* Parse text (+ port) into an address of the socket's family. "" means any, if allowed. */
static int32_t make_addr(int family, const char *text, int32_t port, int allow_any, Addr *a, socklen_t *len)
{
    memset(a, 0, sizeof *a);
    if (port < 0 || port > 65535 || (!allow_any && text[0] == '\0'))
        return ORK_EINVAL;
    if (family == AF_INET) {
        a->in4.sin_family = AF_INET;
        a->in4.sin_port = htons((uint16_t)port);
        a->in4.sin_addr.s_addr = htonl(INADDR_ANY);
        *len = sizeof a->in4;
        return text[0] == '\0' || inet_pton(AF_INET, text, &a->in4.sin_addr) == 1 ? ORK_OK : ORK_EINVAL;
    }
    if (family == AF_INET6) {
        a->in6.sin6_family = AF_INET6;
        a->in6.sin6_port = htons((uint16_t)port);
        a->in6.sin6_addr = in6addr_any;
        *len = sizeof a->in6;
        return text[0] == '\0' || inet_pton(AF_INET6, text, &a->in6.sin6_addr) == 1 ? ORK_OK : ORK_EINVAL;
    }
    if (family == AF_UNIX) {
        size_t n = strlen(text);
        if (n == 0 || n >= sizeof a->un.sun_path)
            return n == 0 ? ORK_EINVAL : ORK_ENAMETOOLONG;
        a->un.sun_family = AF_UNIX;
        memcpy(a->un.sun_path, text, n + 1);
        *len = (socklen_t)sizeof a->un;
        return ORK_OK;
    }
    return ORK_EAFNOSUPPORT;
}

/* The family of a socket, from its (possibly unbound) local address. */
static int32_t socket_family(int fd, int *family)
{
    Addr a;
    socklen_t len = sizeof a;
    if (getsockname(fd, &a.sa, &len) != 0)
        return ork__from_native(errno);
    *family = a.sa.sa_family;
    return ORK_OK;
}

/* Text, port and family of a socket to reach addr at port: shared by bind and connect. */
static int32_t target(int fd, const uint8_t *addr, size_t addr_len, int32_t port, int allow_any,
                      Addr *a, socklen_t *len)
{
    char text[ORK_TEXT_MAX];
    int family = 0;
    int32_t err = ork__text(text, addr, addr_len);
    if (err == ORK_OK)
        err = socket_family(fd, &family);
    if (err == ORK_OK)
        err = make_addr(family, text, port, allow_any, a, len);
    return err;
}

static int32_t local_port(int fd)
{
    Addr a;
    socklen_t len = sizeof a;
    if (getsockname(fd, &a.sa, &len) != 0)
        return 0;
    if (a.sa.sa_family == AF_INET)
        return ntohs(a.in4.sin_port);
    if (a.sa.sa_family == AF_INET6)
        return ntohs(a.in6.sin6_port);
    return 0;
}

int32_t ork_net_bind(int32_t fd, const uint8_t *addr, size_t addr_len, int32_t port)
{
    Addr a;
    socklen_t len = 0;
    int32_t err = target(fd, addr, addr_len, port, 1, &a, &len);
    if (err != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_NET_BIND, err);
    int type = 0, one = 1;
    socklen_t tlen = sizeof type;
    /* a restarted server must be able to reuse its port while old connections linger */
    if (a.sa.sa_family != AF_UNIX && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0 && type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ORK_FAULT(ORK_ID_NET_BIND, NULL) || bind(fd, &a.sa, len) != 0)
        return (int32_t)ork__fail_native(ORK_ID_NET_BIND, errno);
    return (int32_t)ork__ok(ORK_ID_NET_BIND, local_port(fd), 0);
}

int32_t ork_net_listen(int32_t fd, int32_t backlog)
{
    if (backlog < 0)
        return (int32_t)ork__fail(ORK_ID_NET_LISTEN, ORK_EINVAL);
    if (ORK_FAULT(ORK_ID_NET_LISTEN, NULL) || listen(fd, backlog) != 0)
        return (int32_t)ork__fail_native(ORK_ID_NET_LISTEN, errno);
    return (int32_t)ork__ok(ORK_ID_NET_LISTEN, 0, 0);
}

/* ADDR layout: u16 port, u8 text length n, n bytes of text (truncated to fit). */
static void put_addr(uint8_t *out, size_t cap, const Addr *a)
{
    char text[ADDR_TEXT] = "";
    uint16_t port = 0;
    if (out == NULL || cap < 3)
        return;
    if (a->sa.sa_family == AF_INET) {
        inet_ntop(AF_INET, &a->in4.sin_addr, text, sizeof text);
        port = ntohs(a->in4.sin_port);
    } else if (a->sa.sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &a->in6.sin6_addr, text, sizeof text);
        port = ntohs(a->in6.sin6_port);
    } else if (a->sa.sa_family == AF_UNIX) {
        strncpy(text, a->un.sun_path, sizeof text - 1);
    }
    size_t n = strlen(text);
    if (n > cap - 3)
        n = cap - 3;
    if (n > 255)
        n = 255;
    ork__put_u16(out, port);
    out[2] = (uint8_t)n;
    memcpy(out + 3, text, n);
}

int32_t ork_net_accept(int32_t fd, uint8_t *peer, size_t peer_len)
{
    Addr a;
    socklen_t len;
    int conn;
    memset(&a, 0, sizeof a);
    do {
        len = sizeof a;
        conn = ORK_FAULT(ORK_ID_NET_ACCEPT, NULL) ? -1 : accept(fd, &a.sa, &len);
    } while (conn < 0 && (errno == EINTR || errno == ECONNABORTED));   /* an aborted handshake is not ours to report */
    if (conn < 0)
        return (int32_t)ork__fail_native(ORK_ID_NET_ACCEPT, errno);
    ork__cloexec(conn);
    put_addr(peer, peer_len, &a);
    return (int32_t)ork__ok(ORK_ID_NET_ACCEPT, conn, 0);
}

/* After an interrupted connect the attempt continues: wait for it, then read its result. */
static int finish_connect(int fd)
{
    struct pollfd p = {fd, POLLOUT, 0};
    int n, err = 0;
    do {
        n = poll(&p, 1, -1);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        return errno;
    return err;
}

int32_t ork_net_connect(int32_t fd, const uint8_t *addr, size_t addr_len, int32_t port)
{
    Addr a;
    socklen_t len = 0;
    int32_t err = target(fd, addr, addr_len, port, 0, &a, &len);
    if (err != ORK_OK)
        return (int32_t)ork__fail(ORK_ID_NET_CONNECT, err);
    /* an injected EINTR still starts the connection, as a real signal would interrupt it */
    int injected = ORK_FAULT(ORK_ID_NET_CONNECT, NULL) ? errno : 0;
    int rc = (injected != 0 && injected != EINTR) ? -1 : connect(fd, &a.sa, len);
    int native = injected != 0 ? injected : rc == 0 ? 0 : errno;
    if (native == EINTR)
        native = finish_connect(fd);
    if (native != 0)
        return (int32_t)ork__fail_native(ORK_ID_NET_CONNECT, native);
    return (int32_t)ork__ok(ORK_ID_NET_CONNECT, 0, 0);
}

int32_t ork_net_close(int32_t fd)
{
    return ork__close(ORK_ID_NET_CLOSE, fd);
}
