// Mt64Block must be std::mt19937_64, word for word.
#include <random>

#include "check.h"
#include "mt19937_64_block.h"
#include "stream.h"

using kaiming::Mt64Block;

// C++17 [rand.predef]/4: the 10000th consecutive invocation of a
// default-constructed std::mt19937_64 produces 9981545732273789042.
TEST(standard_required_value) {
  std::mt19937_64 reference;
  reference.discard(9999);
  CHECK_EQ(reference(), 9981545732273789042ULL);

  Mt64Block block(std::mt19937_64::default_seed);
  uint64_t words[Mt64Block::kN];
  uint64_t value = 0;
  for (int produced = 0; produced < 10000; produced += Mt64Block::kN) {
    block.generate(words);
    if (10000 - produced <= static_cast<int>(Mt64Block::kN)) value = words[10000 - produced - 1];
  }
  CHECK_EQ(value, 9981545732273789042ULL);
}

TEST(same_sequence_as_std_for_many_seeds) {
  const uint64_t seeds[] = {0, 1, 5489, 0xFFFFFFFFFFFFFFFFULL, kaiming::chunk_seed(42, 7, 3)};
  for (uint64_t seed : seeds) {
    std::mt19937_64 reference(seed);
    Mt64Block block(seed);
    uint64_t words[Mt64Block::kN];
    bool equal = true;
    for (int round = 0; round < 7; ++round) {
      block.generate(words);
      for (uint64_t w : words) equal = equal && (w == reference());
    }
    CHECK(equal);
  }
}

TEST(skip_blocks_equals_discard) {
  std::mt19937_64 reference(123);
  reference.discard(3 * Mt64Block::kN);
  Mt64Block block(123);
  block.skip_blocks(3);
  uint64_t words[Mt64Block::kN];
  block.generate(words);
  CHECK_EQ(words[0], reference());
  CHECK_EQ(words[1], reference());
}

// generate_halves: the same outputs of std::mt19937_64, each as its high then its low 32 bits.
TEST(halves_are_the_words_split_high_first) {
  std::mt19937_64 reference(99);
  Mt64Block block(99);
  uint32_t halves[2 * Mt64Block::kN];
  bool equal = true;
  for (int round = 0; round < 3; ++round) {
    block.generate_halves(halves);
    for (size_t j = 0; j < Mt64Block::kN; ++j) {
      const uint64_t w = reference();
      equal = equal && halves[2 * j] == static_cast<uint32_t>(w >> 32) && halves[2 * j + 1] == static_cast<uint32_t>(w);
    }
  }
  CHECK(equal);
}

// Golden values of the seeding function (docs/STREAM.md lists them).
TEST(chunk_seed_golden) {
  CHECK_EQ(kaiming::splitmix64(0), 0xE220A8397B1DCDAFULL);
  CHECK_EQ(kaiming::chunk_seed(0, 0, 0), kaiming::splitmix64(kaiming::splitmix64(kaiming::splitmix64(0))));
  CHECK(kaiming::chunk_seed(1, 0, 0) != kaiming::chunk_seed(0, 1, 0));
  CHECK(kaiming::chunk_seed(0, 0, 1) != kaiming::chunk_seed(0, 1, 0));
}
