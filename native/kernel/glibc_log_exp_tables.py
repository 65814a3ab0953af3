#!/usr/bin/env python3
"""Writes native/kernel/glibc_log_exp_tables.h: the data tables of Arm's
optimized-routines log and exp (MIT licence), which glibc 2.36 uses for its
double log and exp (sysdeps/ieee754/dbl-64/e_log_data.c, e_exp_data.c) and
musl 1.2.3 ships unchanged (src/math/log_data.c, exp_data.c).

The numbers are EXTRACTED from an installed MIT-licensed binary: the objects
log_data.lo and exp_data.lo in musl's static libc (Debian 12 package musl-dev
1.2.3-1, /usr/lib/x86_64-linux-musl/libc.a), symbols __log_data and
__exp_data, read with a small ar + ELF64 reader below (python3 standard
library only). The field layout is that of Arm's struct log_data / exp_data
(optimized-routines math/math_config.h, as in musl's src/math/libm.h):

  struct log_data { double ln2hi, ln2lo; double poly[5]; double poly1[11];
                    struct { double invc, logc; } tab[128];
                    struct { double chi, clo; } tab2[128]; /* !__FP_FAST_FMA */ };
  struct exp_data { double invln2N, shift, negln2hiN, negln2loN; double poly[4];
                    double exp2_shift; double exp2_poly[5]; uint64_t tab[256]; };

(glibc 2.36 stores exp_data's `shift` after poly[4] instead; values are the
same.) tab2 and the exp2 fields are not written: glibc's FMA build of log
takes the __FP_FAST_FMA path (r = fma(z, invc, -1)) and never reads tab2.

Usage:
  python3 native/kernel/glibc_log_exp_tables.py [--musl-libc PATH] [--out PATH]
  python3 native/kernel/glibc_log_exp_tables.py --check-glibc
The second form writes nothing: it compares the extracted numbers with the
__log_data / __exp_data that this machine's glibc libm.so.6 uses (located by
the libc6-dbg symbols, read from libm.so.6's .rodata) and exits non-zero on
any difference.
"""
import argparse
import os
import struct
import sys

MUSL_LIBC = "/usr/lib/x86_64-linux-musl/libc.a"
GLIBC_LIBM = "/usr/lib/x86_64-linux-gnu/libm.so.6"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "glibc_log_exp_tables.h")

LOG_DATA_SIZE = 8 * (2 + 5 + 11 + 2 * 128 + 2 * 128)
EXP_DATA_SIZE = 8 * (4 + 4 + 1 + 5 + 256)


def ar_members(path):
    """Yields (name, bytes) of the members of a System V / GNU ar archive."""
    data = open(path, "rb").read()
    if data[:8] != b"!<arch>\n":
        raise SystemExit(f"{path}: not an ar archive")
    pos, longnames = 8, b""
    while pos + 60 <= len(data):
        hdr = data[pos:pos + 60]
        name = hdr[:16].decode().rstrip()
        size = int(hdr[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name == "//":
            longnames = body
            continue
        if name in ("/", "/SYM64/"):
            continue
        if name.startswith("/") and name[1:].isdigit():
            off = int(name[1:])
            name = longnames[off:longnames.index(b"\n", off)].decode()
        yield name.rstrip("/"), body


def elf_symbol_bytes(elf, symbol, vaddr_source=None):
    """Returns the bytes of a defined symbol of an ELF64 little-endian file.
    With vaddr_source (the bytes of a loaded image whose symbols live in
    `elf`, e.g. a separate debug file), the symbol's value is a virtual
    address and the bytes are read from vaddr_source's PT_LOAD segments."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise SystemExit("not an ELF64 little-endian file")
    e_shoff, = struct.unpack_from("<Q", elf, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    for sh in sections:
        if sh[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sh[6]]
        for off in range(sh[4], sh[4] + sh[5], sh[9]):
            st_name, st_info, st_other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", elf, off)
            start = strtab[4] + st_name
            name = elf[start:elf.index(b"\0", start)].decode()
            if name != symbol or st_shndx == 0:
                continue
            if vaddr_source is None:
                sec = sections[st_shndx]
                return elf[sec[4] + st_value:sec[4] + st_value + st_size]
            img = vaddr_source
            ph_off, = struct.unpack_from("<Q", img, 0x20)
            ph_size, ph_num = struct.unpack_from("<HH", img, 0x36)
            for i in range(ph_num):
                p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz = struct.unpack_from("<IIQQQQ", img, ph_off + i * ph_size)
                if p_type == 1 and p_vaddr <= st_value and st_value + st_size <= p_vaddr + p_filesz:
                    start = p_offset + st_value - p_vaddr
                    return img[start:start + st_size]
            raise SystemExit(f"{symbol}: not in a PT_LOAD segment")
    raise SystemExit(f"symbol {symbol} not found")


def doubles(b, first, count):
    return list(struct.unpack_from(f"<{count}d", b, 8 * first))


def u64s(b, first, count):
    return list(struct.unpack_from(f"<{count}Q", b, 8 * first))


def log_fields(log_data):
    """__log_data's fields: the same layout in musl and glibc (Arm's log_data.c)."""
    return {
        "log_ln2": doubles(log_data, 0, 2),
        "log_poly": doubles(log_data, 2, 5),
        "log_poly1": doubles(log_data, 7, 11),
        "log_tab": doubles(log_data, 18, 256),
    }


def parse_musl(libc):
    members = dict(ar_members(libc))
    log_data = elf_symbol_bytes(members["log_data.lo"], "__log_data")
    exp_data = elf_symbol_bytes(members["exp_data.lo"], "__exp_data")
    if len(log_data) != LOG_DATA_SIZE or len(exp_data) != EXP_DATA_SIZE:
        raise SystemExit("unexpected __log_data/__exp_data size: not the layout this script reads")
    return {
        **log_fields(log_data),
        "exp_invln2n": doubles(exp_data, 0, 1),
        "exp_shift": doubles(exp_data, 1, 1),
        "exp_negln2n": doubles(exp_data, 2, 2),
        "exp_poly": doubles(exp_data, 4, 4),
        "exp_tab": u64s(exp_data, 14, 256),
    }


def parse_glibc():
    libm = open(GLIBC_LIBM, "rb").read()
    build_id = None
    # The GNU build-id note names the libc6-dbg file with the symbols.
    e_shoff, = struct.unpack_from("<Q", libm, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", libm, 0x3A)
    for i in range(e_shnum):
        sh = struct.unpack_from("<IIQQQQIIQQ", libm, e_shoff + i * e_shentsize)
        if sh[1] == 7:  # SHT_NOTE
            namesz, descsz, ntype = struct.unpack_from("<III", libm, sh[4])
            if ntype == 3:
                d = sh[4] + 12 + ((namesz + 3) & ~3)
                build_id = libm[d:d + descsz].hex()
    if build_id is None:
        raise SystemExit("libm.so.6 has no build-id")
    debug = open(f"/usr/lib/debug/.build-id/{build_id[:2]}/{build_id[2:]}.debug", "rb").read()
    log_data = elf_symbol_bytes(debug, "__log_data", libm)
    exp_data = elf_symbol_bytes(debug, "__exp_data", libm)
    # glibc 2.36 sysdeps/ieee754/dbl-64/math_config.h: invln2N, negln2hiN,
    # negln2loN, poly[4], shift, exp2_shift, exp2_poly[5], tab[256].
    return {
        **log_fields(log_data),
        "exp_invln2n": doubles(exp_data, 0, 1),
        "exp_shift": doubles(exp_data, 7, 1),
        "exp_negln2n": doubles(exp_data, 1, 2),
        "exp_poly": doubles(exp_data, 3, 4),
        "exp_tab": u64s(exp_data, 14, 256),
    }


def hexd(v):
    # float.hex() is exact; C++17 hexadecimal floating literals read it back exactly.
    return v.hex()


def render(t, source):
    out = []
    w = out.append
    w("// GENERATED by native/kernel/glibc_log_exp_tables.py -- do not edit.")
    w("//")
    w("// Data tables of Arm's optimized-routines double log and exp")
    w("// (https://github.com/ARM-software/optimized-routines, math/log_data.c and")
    w("// math/exp_data.c; Copyright (c) 2018 Arm Limited; MIT licence), which glibc")
    w("// 2.36 uses (sysdeps/ieee754/dbl-64/e_log_data.c, e_exp_data.c) and musl ships")
    w("// unchanged. Extracted from the symbols __log_data and __exp_data of")
    w(f"// {source} (Debian 12 musl-dev 1.2.3-1; musl is MIT).")
    w("// `glibc_log_exp_tables.py --check-glibc` confirms the numbers equal those in")
    w("// this machine's glibc 2.36 libm.so.6.")
    w("#pragma once")
    w("")
    w("#include <cstdint>")
    w("")
    w("namespace kaiming {")
    w("namespace glibc {")
    w("namespace tables {")
    w("")
    w("// log: ln2 = kLogLn2Hi + kLogLn2Lo (ln2hi has 11 trailing zero bits).")
    w(f"inline constexpr double kLogLn2Hi = {hexd(t['log_ln2'][0])};")
    w(f"inline constexpr double kLogLn2Lo = {hexd(t['log_ln2'][1])};")
    w("// log: A[0..4], log1p(r) - r ~= A[0] r^2 + ... + A[4] r^6 (first coefficient 1 implied).")
    w("inline constexpr double kLogPoly[5] = {")
    for v in t["log_poly"]:
        w(f"    {hexd(v)},")
    w("};")
    w("// log near 1: B[0..10], log(1+r) - r ~= B[0] r^2 + ... + B[10] r^12.")
    w("inline constexpr double kLogPoly1[11] = {")
    for v in t["log_poly1"]:
        w(f"    {hexd(v)},")
    w("};")
    w("// log: {invc, logc} for 128 subintervals of [0x1.6p-1, 0x1.6p0): c near the")
    w("// centre, invc = 1/c, logc = log(c).")
    w("struct LogEntry {")
    w("  double invc;")
    w("  double logc;")
    w("};")
    w("inline constexpr LogEntry kLogTab[128] = {")
    lt = t["log_tab"]
    for i in range(128):
        w(f"    {{{hexd(lt[2 * i])}, {hexd(lt[2 * i + 1])}}},")
    w("};")
    w("")
    w("// exp: N = 128; InvLn2N = N/ln2, Shift = 0x1.8p52, -ln2/N = NegLn2hiN + NegLn2loN.")
    w(f"inline constexpr double kExpInvLn2N = {hexd(t['exp_invln2n'][0])};")
    w(f"inline constexpr double kExpShift = {hexd(t['exp_shift'][0])};")
    w(f"inline constexpr double kExpNegLn2hiN = {hexd(t['exp_negln2n'][0])};")
    w(f"inline constexpr double kExpNegLn2loN = {hexd(t['exp_negln2n'][1])};")
    w("// exp: C2..C5, exp(r) - 1 ~= r + C2 r^2 + C3 r^3 + C4 r^4 + C5 r^5.")
    w("inline constexpr double kExpPoly[4] = {")
    for v in t["exp_poly"]:
        w(f"    {hexd(v)},")
    w("};")
    w("// exp: tab[2i] = bits of tail, tab[2i+1] = bits of 2^(i/N) minus (i << 45),")
    w("// with 2^(i/N) ~= asdouble(tab[2i+1] + (i << 45)) * (1 + tail).")
    w("inline constexpr uint64_t kExpTab[256] = {")
    et = t["exp_tab"]
    for i in range(0, 256, 2):
        w(f"    0x{et[i]:016x}, 0x{et[i + 1]:016x},")
    w("};")
    w("")
    w("}  // namespace tables")
    w("}  // namespace glibc")
    w("}  // namespace kaiming")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--musl-libc", default=MUSL_LIBC)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check-glibc", action="store_true")
    a = ap.parse_args()
    musl = parse_musl(a.musl_libc)
    if a.check_glibc:
        g = parse_glibc()
        bad = [k for k in musl if [struct.pack("<d" if isinstance(v, float) else "<Q", v) for v in musl[k]]
               != [struct.pack("<d" if isinstance(v, float) else "<Q", v) for v in g[k]]]
        if bad:
            print("DIFFER from glibc's libm.so.6:", ", ".join(bad))
            return 1
        print("musl's __log_data/__exp_data fields equal glibc libm.so.6's bit for bit:", ", ".join(musl))
        return 0
    with open(a.out, "w") as f:
        f.write(render(musl, a.musl_libc))
    print("wrote", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
