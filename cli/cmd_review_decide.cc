// `chipwire review accept|reject|correct|next`: decisions on flagged articles.
// Each decision is recorded with who, when and the note in the append-only
// audit log, and survives re-extraction (storage keys it by action identity).
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/command_list.h"
#include "cli/io.h"
#include "cli/review_view.h"
#include "cli/store_access.h"

namespace chipwire::cli {

namespace {

void write(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

// --action N picks the N-th action of `review show` (1-based); absent = all.
Result<std::optional<ActionIdentity>> chosen_action(Store& store, const std::string& id, const ParsedArgs& args) {
  auto n = args.get("action");
  if (!n) return std::optional<ActionIdentity>{};
  auto stored = store.stored_article(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Status::not_found("no article " + id);
  const auto& actions = (*stored)->extraction.actions;
  const long index = std::strtol(n->c_str(), nullptr, 10);
  if (index < 1 || static_cast<size_t>(index) > actions.size())
    return Status::invalid("--action must be 1.." + std::to_string(actions.size()) + " (see review show)");
  return std::optional<ActionIdentity>(action_identity(actions[static_cast<size_t>(index - 1)]));
}

Status decide(Store& store, const std::string& id, const std::string& verdict, const ParsedArgs& args) {
  ReviewDecision d;
  d.article_id = id;
  d.verdict = verdict;
  auto action = chosen_action(store, id, args);
  if (!action.ok()) return action.status();
  d.action = *action;
  if (verdict == "correct") {
    if (!d.action) return Status::invalid("review correct needs --action N (see review show)");
    d.correction.type = args.get("type");
    d.correction.actor = args.get("actor");
    d.correction.modality = args.get("modality");
    if (!d.correction.type && !d.correction.actor && !d.correction.modality)
      return Status::invalid("review correct needs --type, --actor or --modality");
    if (d.correction.modality && *d.correction.modality != "asserted" && *d.correction.modality != "planned" &&
        *d.correction.modality != "denied")
      return Status::invalid("--modality must be asserted, planned or denied");
  }
  d.by = reviewer_name(args.get_or("by", ""));
  d.note = args.get_or("note", "");
  return store.decide(d);
}

int run_verdict(Context& ctx, const std::string& verdict) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "review " + verdict + ": give one article ID");
  int code = kExitOk;
  auto session = open_writer_session(ctx, 30, code);  // decisions wait a little for an ingest
  if (!session) return code;
  auto id = resolve_review_id(*session->store, ctx.args.positionals[0]);
  if (!id.ok()) return fail(kExitUsage, id.status().message());
  if (Status s = decide(*session->store, *id, verdict, ctx.args); !s.ok())
    return fail(s.code() == Code::not_found || s.code() == Code::invalid_argument ? kExitUsage : kExitData,
                s.message());
  std::fprintf(stderr, "%s: %s\n", id->c_str(), verdict == "accept" ? "accepted" : verdict == "reject" ? "rejected" : "corrected");
  return kExitOk;
}

int run_review_accept(Context& ctx) { return run_verdict(ctx, "accept"); }
int run_review_reject(Context& ctx) { return run_verdict(ctx, "reject"); }
int run_review_correct(Context& ctx) { return run_verdict(ctx, "correct"); }

// One key without Enter on a terminal; one line's first character otherwise.
int read_key(bool terminal) {
  if (!terminal) {
    std::string line;
    if (!std::getline(std::cin, line)) return 'q';
    return line.empty() ? 's' : line[0];
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios raw = old;
  raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
  tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  char c = 'q';
  if (::read(STDIN_FILENO, &c, 1) != 1) c = 'q';
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  return c;
}

int run_review_next(Context& ctx) {
  int code = kExitOk;
  auto session = open_writer_session(ctx, 30, code);  // decisions wait a little for an ingest
  if (!session) return code;
  Store& store = *session->store;
  ReviewQuery q;
  q.state = "open";
  q.reason = ctx.args.get("reason");
  auto items = store.review_items(q);
  if (!items.ok()) return fail(kExitData, items.status().message());
  const bool terminal = isatty(STDIN_FILENO) == 1;
  int decided = 0, skipped = 0;
  size_t index = 0;
  for (const ReviewItem& item : *items) {
    ++index;
    auto stored = store.stored_article(item.article_id);
    auto decisions = store.decisions(item.article_id);
    if (!stored.ok() || !decisions.ok() || !stored->has_value()) continue;
    write("\n(" + std::to_string(index) + "/" + std::to_string(items->size()) + ") " +
          render_review_item(item, **stored, *decisions, stdout_is_terminal()) +
          "[a]ccept  [r]eject  [s]kip  [q]uit > ");
    const int key = read_key(terminal);
    write("\n");
    if (key == 'q') break;
    if (key == 'a' || key == 'r') {
      ParsedArgs none;
      none.values["by"] = {reviewer_name(ctx.args.get_or("by", ""))};
      if (Status s = decide(store, item.article_id, key == 'a' ? "accept" : "reject", none); !s.ok())
        return fail(kExitData, s.message());
      ++decided;
    } else {
      ++skipped;
    }
  }
  std::fprintf(stderr, "%d decided, %d skipped\n", decided, skipped);
  return kExitOk;
}

std::vector<FlagSpec> decision_flags() {
  return {{"action", true, "only the N-th action of `review show` (default: all of them)", "N"},
          {"note", true, "why (kept in the audit log)", "TEXT"},
          {"by", true, "reviewer name (default: your login name)", "NAME"}};
}

}  // namespace

Command make_review_accept_command() {
  return {"review accept", "accept a flagged article's actions", "ID [--action N] [--note TEXT]", decision_flags(),
          run_review_accept};
}
Command make_review_reject_command() {
  return {"review reject", "reject a flagged article's actions: they drop out of events", "ID [--action N] [--note TEXT]",
          decision_flags(), run_review_reject};
}
Command make_review_correct_command() {
  auto flags = decision_flags();
  flags.push_back({"type", true, "the right action type", "TYPE"});
  flags.push_back({"actor", true, "the right actor code (\"\" for none)", "CC"});
  flags.push_back({"modality", true, "asserted, planned or denied", "M"});
  return {"review correct", "set an action's type, actor or modality by hand",
          "ID --action N [--type T] [--actor CC] [--modality M] [--note TEXT]", flags, run_review_correct};
}
Command make_review_next_command() {
  return {"review next", "walk the open queue: a accept, r reject, s skip, q quit", "[--reason R] [--by NAME]",
          {{"reason", true, "only items flagged for this reason", "REASON"},
           {"by", true, "reviewer name (default: your login name)", "NAME"}},
          run_review_next};
}

}  // namespace chipwire::cli
