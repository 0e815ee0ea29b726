/* disasm.h: readable listing of a verified module (orusvm --dis). */
#ifndef ORV_DISASM_H
#define ORV_DISASM_H

#include <stdio.h>

#include "vm.h"

void orv_disassemble(FILE *out, const OrvModule *m);

#endif /* ORV_DISASM_H */
