// The queue between stages: a full queue blocks its producer (the back
// pressure that keeps memory flat), close() drains and then ends consumers.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pipeline/bounded_queue.h"

using chipwire::BoundedQueue;
using namespace std::chrono_literals;

TEST_CASE("a full queue blocks the producer until a consumer pops", "[pipeline][queue]") {
  BoundedQueue<int> q(2);
  REQUIRE(q.push(1));
  REQUIRE(q.push(2));
  std::atomic<bool> third_pushed{false};
  std::thread producer([&] {
    q.push(3);
    third_pushed = true;
  });
  std::this_thread::sleep_for(50ms);
  CHECK_FALSE(third_pushed.load());  // blocked: the queue holds 2
  CHECK(q.pop() == 1);
  producer.join();
  CHECK(third_pushed.load());
  CHECK(q.pop() == 2);
  CHECK(q.pop() == 3);
}

TEST_CASE("close lets consumers drain what is left, then ends them; later pushes fail", "[pipeline][queue]") {
  BoundedQueue<int> q(4);
  q.push(1);
  q.push(2);
  q.close();
  CHECK_FALSE(q.push(3));
  CHECK(q.pop() == 1);
  CHECK(q.pop() == 2);
  CHECK_FALSE(q.pop().has_value());
}

TEST_CASE("many producers and consumers: every item arrives exactly once", "[pipeline][queue]") {
  BoundedQueue<int> q(3);
  constexpr int kPerProducer = 2000;
  std::vector<std::thread> producers, consumers;
  std::vector<std::atomic<int>> seen(4 * kPerProducer);
  for (int p = 0; p < 4; ++p)
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) q.push(p * kPerProducer + i);
    });
  for (int c = 0; c < 3; ++c)
    consumers.emplace_back([&] {
      while (auto v = q.pop()) seen[static_cast<std::size_t>(*v)]++;
    });
  for (auto& t : producers) t.join();
  q.close();
  for (auto& t : consumers) t.join();
  for (const auto& n : seen) REQUIRE(n.load() == 1);
}

TEST_CASE("bytes bound a queue too; an empty queue takes an item heavier than the bound", "[pipeline][queue]") {
  BoundedQueue<int> q(100, 10);  // room for 100 items, but only 10 bytes
  REQUIRE(q.push(1, 6));
  REQUIRE(q.push(2, 6));  // 6 < 10: still room; now 12 bytes
  std::atomic<bool> third_pushed{false};
  std::thread producer([&] {
    q.push(3, 1);
    third_pushed = true;
  });
  std::this_thread::sleep_for(50ms);
  CHECK_FALSE(third_pushed.load());  // blocked by bytes, with 98 item slots free
  CHECK(q.pop() == 1);               // 6 bytes left: over half of 10, the producer may still wait
  CHECK(q.pop() == 2);               // empty: the producer is woken
  producer.join();
  CHECK(third_pushed.load());
  CHECK(q.pop() == 3);

  BoundedQueue<int> small(4, 10);
  REQUIRE(small.push(7, 1000));  // heavier than the bound, into an empty queue
  CHECK(small.pop() == 7);
}

TEST_CASE("a consumer woken in batches still gets a lone item, and a full queue wakes it", "[pipeline][queue]") {
  // Waits up to 5 s for `got` to reach `want`, then closes the queue so that a
  // consumer that was never woken ends (and the check fails instead of hanging).
  auto settle = [](BoundedQueue<int>& q, std::atomic<int>& got, int want) {
    for (int i = 0; i < 500 && got.load() != want; ++i) std::this_thread::sleep_for(10ms);
    const int seen = got.load();
    q.close();
    return seen;
  };

  // The clock delivers an item that no batch follows.
  BoundedQueue<int> lone(16, 1000, chipwire::ConsumerWake{8, 10ms});
  std::atomic<int> got_lone{0};
  std::thread lone_consumer([&] {
    while (auto v = lone.pop()) got_lone += *v;
  });
  std::this_thread::sleep_for(30ms);  // the consumer is asleep by now
  REQUIRE(lone.push(1));
  CHECK(settle(lone, got_lone, 1) == 1);
  lone_consumer.join();

  // Full by bytes with fewer items than the batch: a producer would block, so
  // the consumer is woken now (its clock is set to an hour).
  BoundedQueue<int> heavy(16, 10, chipwire::ConsumerWake{8, std::chrono::hours(1)});
  std::atomic<int> got_heavy{0};
  std::thread heavy_consumer([&] {
    while (auto v = heavy.pop()) got_heavy += *v;
  });
  std::this_thread::sleep_for(30ms);
  REQUIRE(heavy.push(1, 6));
  REQUIRE(heavy.push(2, 6));  // 12 bytes of 10: full
  CHECK(settle(heavy, got_heavy, 3) == 3);
  heavy_consumer.join();
}
