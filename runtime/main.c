/* main.c: orusvm, the VM alone: runs .orbc files (cli.c). */
#include "cli.h"

int main(int argc, char **argv)
{
    return orv_main(argc, argv);
}
