// The built-in word lists and distractor sentences.
#include <array>

#include "base/check.h"
#include "tasks/builder_internal.h"
#include "tasks/lexicon_internal.h"
#include "tasks/program.h"

namespace stepwise::tasks {
namespace {

struct Person {
  const char* name;
  bool female;
};

constexpr std::array<Person, 28> kPeople = {{
    {"Ann", true},    {"Ben", false},    {"Carla", true}, {"David", false}, {"Elena", true},
    {"Farid", false}, {"Grace", true},   {"Hugo", false}, {"Ines", true},   {"Jamal", false},
    {"Kira", true},   {"Liam", false},   {"Maya", true},  {"Noah", false},  {"Olga", true},
    {"Pablo", false}, {"Priya", true},   {"Ravi", false}, {"Sofia", true},  {"Tom", false},
    {"Uma", true},    {"Victor", false}, {"Wen", true},   {"Yusuf", false}, {"Zoe", true},
    {"Omar", false},  {"Lena", true},    {"Sam", false},
}};

struct Noun {
  const char* plural;
  const char* singular;
};

constexpr std::array<Noun, 20> kShopItems = {{
    {"pens", "pen"},
    {"notebooks", "notebook"},
    {"books", "book"},
    {"apples", "apple"},
    {"mugs", "mug"},
    {"candles", "candle"},
    {"shirts", "shirt"},
    {"toy cars", "toy car"},
    {"erasers", "eraser"},
    {"folders", "folder"},
    {"plants", "plant"},
    {"puzzles", "puzzle"},
    {"scarves", "scarf"},
    {"towels", "towel"},
    {"pencils", "pencil"},
    {"cookies", "cookie"},
    {"batteries", "battery"},
    {"bottles of juice", "bottle of juice"},
    {"boxes of tea", "box of tea"},
    {"bars of soap", "bar of soap"},
}};

constexpr std::array<Noun, 12> kBigItems = {{
    {"jackets", "jacket"},
    {"bicycles", "bicycle"},
    {"lamps", "lamp"},
    {"watches", "watch"},
    {"backpacks", "backpack"},
    {"chairs", "chair"},
    {"tents", "tent"},
    {"guitars", "guitar"},
    {"printers", "printer"},
    {"coats", "coat"},
    {"desks", "desk"},
    {"skateboards", "skateboard"},
}};

constexpr std::array<Noun, 10> kCollectibles = {{
    {"marbles", "marble"},
    {"stickers", "sticker"},
    {"stamps", "stamp"},
    {"cards", "card"},
    {"shells", "shell"},
    {"beads", "bead"},
    {"buttons", "button"},
    {"pebbles", "pebble"},
    {"postcards", "postcard"},
    {"badges", "badge"},
}};

constexpr std::array<const char*, 10> kJobs = {
    "paint the fence",  "mow the lawn",    "clean the garage", "build the shed",
    "wash the cars",    "pack the boxes",  "plant the garden", "sort the mail",
    "tile the kitchen", "repair the roof",
};

constexpr std::array<const char*, 10> kStores = {
    "Corner Mart",  "Budget Shop",  "City Market", "Main Street Store", "Value Depot",
    "Green Grocer", "Family Store", "Quick Stop",  "Bright Bazaar",     "Hill Outlet",
};

template <size_t N>
std::vector<std::string> nouns(const std::array<Noun, N>& a) {
  std::vector<std::string> out;
  for (const auto& n : a) out.emplace_back(n.plural);
  return out;
}

template <size_t N>
std::vector<std::string> words(const std::array<const char*, N>& a) {
  return std::vector<std::string>(a.begin(), a.end());
}

// Sentence patterns: text before the name, between name and number, after the number.
struct Pattern {
  const char* before_name;
  const char* before_num;
  const char* after_num;
};
constexpr std::array<Pattern, 6> kPatterns = {{
    {"", " has ", " stamps in a drawer."},
    {"", " walked ", " blocks to the library yesterday."},
    {"", "'s neighbor owns ", " potted plants."},
    {"", " read ", " pages of a novel last week."},
    {"The building where ", " lives has ", " windows."},
    {"", " saw ", " birds in the park this morning."},
}};

}  // namespace

const std::vector<std::string>& entity_words(EntityKind k) {
  static const std::vector<std::string> people = [] {
    std::vector<std::string> out;
    for (const auto& p : kPeople) out.emplace_back(p.name);
    return out;
  }();
  static const std::vector<std::string> shop = nouns(kShopItems);
  static const std::vector<std::string> big = nouns(kBigItems);
  static const std::vector<std::string> coll = nouns(kCollectibles);
  static const std::vector<std::string> jobs = words(kJobs);
  static const std::vector<std::string> stores = words(kStores);
  switch (k) {
    case EntityKind::kPerson:
      return people;
    case EntityKind::kShopItem:
      return shop;
    case EntityKind::kBigItem:
      return big;
    case EntityKind::kCollectible:
      return coll;
    case EntityKind::kJob:
      return jobs;
    case EntityKind::kStore:
      return stores;
  }
  return people;
}

const char* entity_kind_name(EntityKind k) {
  switch (k) {
    case EntityKind::kPerson:
      return "person";
    case EntityKind::kShopItem:
      return "shop_item";
    case EntityKind::kBigItem:
      return "big_item";
    case EntityKind::kCollectible:
      return "collectible";
    case EntityKind::kJob:
      return "job";
    case EntityKind::kStore:
      return "store";
  }
  return "person";
}

int entity_index(EntityKind kind, std::string_view word) {
  const auto& w = entity_words(kind);
  for (size_t i = 0; i < w.size(); ++i)
    if (w[i] == word) return static_cast<int>(i);
  return -1;
}

bool person_is_female(std::string_view name) {
  for (const auto& p : kPeople)
    if (name == p.name) return p.female;
  return false;
}

std::string singular_of(std::string_view plural) {
  for (const auto& n : kShopItems)
    if (plural == n.plural) return n.singular;
  for (const auto& n : kBigItems)
    if (plural == n.plural) return n.singular;
  for (const auto& n : kCollectibles)
    if (plural == n.plural) return n.singular;
  return std::string(plural);
}

int distractor_patterns() { return static_cast<int>(kPatterns.size()); }

std::string distractor_text(const Distractor& d, size_t& num_begin, size_t& num_end) {
  SW_CHECK(d.pattern >= 0 && d.pattern < distractor_patterns());
  const Pattern& pat = kPatterns[static_cast<size_t>(d.pattern)];
  std::string s = pat.before_name;
  s += d.name;
  s += pat.before_num;
  num_begin = s.size();
  s += value_text(d.value);
  num_end = s.size();
  s += pat.after_num;
  return s;
}

}  // namespace stepwise::tasks
