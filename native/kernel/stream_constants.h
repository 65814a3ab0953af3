// Every floating-point constant of the transforms (docs/STREAM.md §3), named
// once. The math headers use these and nothing else, and
// native/test/test_stream_document.cc checks that the table in docs/STREAM.md
// lists exactly these values, so the document cannot drift from the kernel.
//
// Origins: Cephes (S. L. Moshier, Cephes Math Library, logf.c, sinf.c) for the
// float32 polynomials, fdlibm (Sun Microsystems, e_log.c, k_sin.c, k_cos.c)
// for the float64 ones; each is written with its source's decimal digits,
// which C++ rounds once to the nearest float or double.
#pragma once

#include <cstddef>

namespace kaiming {
namespace stream_constants {

// float32 log (Cephes logf): p = ((((((((P0·f + P1)·f + P2)·f + …)·f + P8.
constexpr float kLogfP[9] = {7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
                             -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
constexpr float kLogfSqrtHalf = 0.707106781186547524f;  // the mantissa threshold √½
constexpr float kLogfLn2Lo = -2.12194440E-4f;          // ln 2 = kLogfLn2Hi + kLogfLn2Lo
constexpr float kLogfLn2Hi = 0.693359375f;
// float32 sin and cos kernels on |y| <= π/4 (Cephes sinf.c).
constexpr float kSinfS[3] = {-1.9515295891E-4f, 8.3321608736E-3f, -1.6666654611E-1f};
constexpr float kCosfC[3] = {2.443315711809948E-5f, -1.388731625493765E-3f, 4.166664568298827E-2f};
// float(π)·2^-23 and double(π)·2^-52: the angle steps of §3.3 and §3.4.
constexpr float kPiOver2Pow23 = 0x1.921FB6p-22f;
constexpr double kPiOver2Pow52 = 0x1.921FB54442D18p-51;

// float64 log (fdlibm e_log.c's Lg1…Lg7 and ln2_hi, ln2_lo).
constexpr double kLogLg[7] = {6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
                              1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01};
constexpr double kLogLn2Hi = 6.93147180369123816490e-01;
constexpr double kLogLn2Lo = 1.90821492927058770002e-10;
// float64 sin kernel (fdlibm k_sin.c's S1…S6) and cos kernel (k_cos.c's C1…C6).
constexpr double kSinS[6] = {-1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
                             2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10};
constexpr double kCosC[6] = {4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
                             -2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11};

// Every constant with its name in docs/STREAM.md's table, as a double (each
// float converts to double exactly).
struct Named {
  const char* name;
  double value;
};

constexpr Named kAll[] = {
    {"logf.P0", kLogfP[0]}, {"logf.P1", kLogfP[1]}, {"logf.P2", kLogfP[2]}, {"logf.P3", kLogfP[3]},
    {"logf.P4", kLogfP[4]}, {"logf.P5", kLogfP[5]}, {"logf.P6", kLogfP[6]}, {"logf.P7", kLogfP[7]},
    {"logf.P8", kLogfP[8]}, {"logf.SQRTH", kLogfSqrtHalf}, {"logf.LN2_LO", kLogfLn2Lo}, {"logf.LN2_HI", kLogfLn2Hi},
    {"sinf.S0", kSinfS[0]}, {"sinf.S1", kSinfS[1]}, {"sinf.S2", kSinfS[2]},
    {"cosf.C0", kCosfC[0]}, {"cosf.C1", kCosfC[1]}, {"cosf.C2", kCosfC[2]},
    {"PI_2^-23", kPiOver2Pow23}, {"PI_2^-52", kPiOver2Pow52},
    {"log.Lg1", kLogLg[0]}, {"log.Lg2", kLogLg[1]}, {"log.Lg3", kLogLg[2]}, {"log.Lg4", kLogLg[3]},
    {"log.Lg5", kLogLg[4]}, {"log.Lg6", kLogLg[5]}, {"log.Lg7", kLogLg[6]},
    {"log.LN2_HI", kLogLn2Hi}, {"log.LN2_LO", kLogLn2Lo},
    {"sin.S1", kSinS[0]}, {"sin.S2", kSinS[1]}, {"sin.S3", kSinS[2]}, {"sin.S4", kSinS[3]}, {"sin.S5", kSinS[4]}, {"sin.S6", kSinS[5]},
    {"cos.C1", kCosC[0]}, {"cos.C2", kCosC[1]}, {"cos.C3", kCosC[2]}, {"cos.C4", kCosC[3]}, {"cos.C5", kCosC[4]}, {"cos.C6", kCosC[5]},
};
constexpr size_t kCount = sizeof(kAll) / sizeof(kAll[0]);

}  // namespace stream_constants
}  // namespace kaiming
