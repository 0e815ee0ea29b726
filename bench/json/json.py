# json: a recursive-descent parser for JSON-like text, run over a generated document,
# then a walk over the parsed values (one byte-string per character, as in the peers)


def record(i):
    note = '"say \\"hi\\" #' + str(i) + '"' if i % 10 == 0 else "null"
    return ('{"id": ' + str(i) + ', "name": "item' + str(i) + '", "tags": ["t' +
            str(i % 7) + '", "t' + str(i % 5) + '"], "price": ' +
            str(i * 37 % 1000) + ', "delta": -' + str(i % 13) + ', "ok": ' +
            ("true" if i % 3 == 0 else "false") + ', "note": ' + note + "}")


def records(lo, hi):
    """Records lo..hi joined by ",\\n", built by halves so no step copies more than its result."""
    if hi - lo == 1:
        return record(lo)
    mid = (lo + hi) // 2
    return records(lo, mid) + ",\n" + records(mid, hi)


class Obj:
    """An object keeps its keys in order."""
    __slots__ = ("keys", "values")

    def __init__(self, keys, values):
        self.keys = keys
        self.values = values


class Parser:
    __slots__ = ("text", "pos")

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def skip_space(self):
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c == " " or c == "\n" or c == "\t" or c == "\r":
                self.pos += 1
            else:
                return

    def value(self):
        self.skip_space()
        c = self.text[self.pos]
        if c == "{":
            return self.object()
        if c == "[":
            return self.array()
        if c == '"':
            return self.string()
        if c == "t":
            self.pos += 4
            return True
        if c == "f":
            self.pos += 5
            return False
        if c == "n":
            self.pos += 4
            return None
        return self.number()

    def number(self):
        start = self.pos
        if self.text[self.pos] == "-":
            self.pos += 1
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c < "0" or c > "9":
                break
            self.pos += 1
        return int(self.text[start:self.pos])

    def string(self):
        self.pos += 1
        out = ""
        start = self.pos
        while True:
            c = self.text[self.pos]
            if c == '"':
                out = out + self.text[start:self.pos]
                self.pos += 1
                return out
            if c == "\\":
                out = out + self.text[start:self.pos] + self.text[self.pos + 1]
                self.pos += 2
                start = self.pos
            else:
                self.pos += 1

    def array(self):
        self.pos += 1
        items = []
        self.skip_space()
        if self.text[self.pos] == "]":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            self.skip_space()
            c = self.text[self.pos]
            self.pos += 1
            if c == "]":
                return items

    def object(self):
        self.pos += 1
        keys = []
        values = []
        self.skip_space()
        if self.text[self.pos] == "}":
            self.pos += 1
            return Obj(keys, values)
        while True:
            self.skip_space()
            keys.append(self.string())
            self.skip_space()
            self.pos += 1
            values.append(self.value())
            self.skip_space()
            c = self.text[self.pos]
            self.pos += 1
            if c == "}":
                return Obj(keys, values)


class Tally:
    __slots__ = ("numbers", "chars", "trues", "nulls", "items", "keys")

    def __init__(self):
        self.numbers = self.chars = self.trues = self.nulls = self.items = self.keys = 0


def tally(v, t):
    if v is None:
        t.nulls += 1
    elif isinstance(v, bool):
        if v:
            t.trues += 1
    elif isinstance(v, int):
        t.numbers += v
    elif isinstance(v, str):
        t.chars += len(v)
    elif isinstance(v, list):
        t.items += len(v)
        for item in v:
            tally(item, t)
    else:
        t.keys += len(v.keys)
        for i in range(len(v.keys)):
            t.chars += len(v.keys[i])
            tally(v.values[i], t)


def main(n):
    text = "[" + records(0, n) + "]"
    doc = Parser(text).value()
    t = Tally()
    tally(doc, t)
    print(f"bytes={len(text)} numbers={t.numbers} chars={t.chars} trues={t.trues} "
          f"nulls={t.nulls} items={t.items} keys={t.keys}")


main(int(input()))
