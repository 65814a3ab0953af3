#!/usr/bin/python3
"""Prints the 4/pi bit table that native/kernel/glibc_sinf_cosf.cc's large-
argument reduction uses (kInvPio4), from its mathematical definition.

Entry i (0 <= i < 24) holds the 32 bits of 2/pi that end 8*(i+1) bits after
the binary point: floor(2/pi * 2^(8*(i+1))) mod 2^32. (Equivalently, bits of
4/pi; Arm optimized-routines' sincosf_data.c calls the table __inv_pio4 and
glibc 2.36 ships the same one in sysdeps/ieee754/flt-32/sincosf_data.c.)
Reading 32 bits at a byte offset lets the reduction pick a 96-bit window of
2/pi by the float's exponent with three 32-bit loads.

Run with Debian's /usr/bin/python3 (mpmath 1.2.1):
    python3 native/kernel/glibc_sinf_cosf_table.py
and paste the output over kInvPio4 if it ever differs (it cannot: it is 2/pi).
"""
import mpmath

mpmath.mp.prec = 400
two_over_pi = 2 / mpmath.pi
words = [int(mpmath.floor(two_over_pi * mpmath.mpf(2) ** (8 * (i + 1)))) % (1 << 32) for i in range(24)]
for row in range(0, 24, 4):
    print("    " + ", ".join("0x%08x" % w for w in words[row:row + 4]) + ",")
