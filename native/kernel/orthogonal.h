// (Semi-)orthogonal matrices from normal ones, as torch.nn.init.orthogonal_.
//
// Saxe, McClelland & Ganguli 2013 ("Exact solutions to the nonlinear dynamics
// of learning in deep linear neural networks") initialise with a random
// orthogonal matrix. PyTorch makes it from a rows × cols matrix A of N(0, 1)
// values: transpose A when rows < cols so that it is tall (m × n, m >= n),
// take the reduced QR factorisation A = QR, multiply column j of Q by
// sign(R_jj), transpose back and multiply by gain. The sign fix (Mezzadri
// 2007, "How to generate random matrices from the classical compact groups",
// arXiv:math-ph/0609050) makes Q Haar-distributed; it also makes Q the factor
// of the unique QR with a positive diagonal of R, so the result does not
// depend on the sign convention of the QR algorithm: for the same A it is
// PyTorch's (LAPACK geqrf + orgqr) up to rounding.
//
// Here the QR is Householder's, in double, computed in panels of kPanel
// reflectors. Every column of the matrix receives the same reflections in the
// same order whatever the panel or thread it is handled in, so the result is
// bit-for-bit the unblocked algorithm's and does not depend on `threads`.
// A sign(0) = 0, as torch.sign, zeroes a column of Q; that needs a column of A
// that is exactly dependent on the previous ones, which normal draws never give.
//
// Plain C++17: no N-API. The binding copies the JS matrix into native memory
// and calls orthogonalize() on any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "fill.h"

namespace kaiming {

// Reflectors per panel: 32 columns of a 4096-row matrix (1 MiB) stay in cache
// while the trailing columns stream past them once per panel instead of once
// per reflector.
constexpr size_t kOrthogonalPanel = 32;

struct OrthogonalRequest {
  double* matrix = nullptr;  // rows × cols, row-major: the normal matrix in, the result out
  uint64_t rows = 0;
  uint64_t cols = 0;
  double gain = 1;
  unsigned threads = 1;      // upper bound on threads used, the caller included
  // As FillRequest: either flag set stops the work between panels (the matrix
  // is then left in an unspecified state and kCancelled is returned).
  const std::atomic<int32_t>* cancel = nullptr;
  const std::atomic<int32_t>* stop = nullptr;

  bool cancelled() const {
    return (cancel != nullptr && cancel->load(std::memory_order_relaxed) != 0) ||
           (stop != nullptr && stop->load(std::memory_order_relaxed) != 0);
  }
};

// Whether the request can be run: accepted() (refused() false), else why not.
Refusal validate_orthogonal(const OrthogonalRequest& request);

// Replaces request.matrix (A) by gain · Q·diag(sign(diag R)) as described
// above, transposed as A was. Needs 2·rows·cols doubles of scratch memory;
// throws std::bad_alloc when they cannot be had.
FillStatus orthogonalize(const OrthogonalRequest& request);

}  // namespace kaiming
