#!/usr/bin/python3
"""Prints the 32-entry table of native/kernel/glibc_expf.cc (kExp2fTable), from
its mathematical definition.

Entry i (0 <= i < 32) is the bit pattern of 2^(i/32) rounded to the nearest
double, minus i << 47: the exponent bits that i/32 would carry once shifted by
52 - 5 are taken out, so that adding ki << 47 for any integer ki with
ki mod 32 = i gives the bits of 2^(ki/32). This is Arm optimized-routines'
__exp2f_data.tab (math/exp2f_data.c, MIT), which glibc 2.36 ships as
sysdeps/ieee754/flt-32/e_exp2f_data.c; checked equal to libm.so.6's copy.

Run with Debian's /usr/bin/python3 (mpmath 1.2.1):
    python3 native/kernel/glibc_expf_table.py
"""
import struct

import mpmath

mpmath.mp.prec = 200
words = []
for i in range(32):
    value = float(mpmath.mpf(2) ** (mpmath.mpf(i) / 32))  # rounded to nearest
    bits = struct.unpack("<Q", struct.pack("<d", value))[0]
    words.append((bits - (i << 47)) % (1 << 64))
for row in range(0, 32, 4):
    print("    " + ", ".join("0x%016xull" % w for w in words[row:row + 4]) + ",")
