// End to end: `chipwire review serve` on a store filled by ingesting a fixture
// feed whose items all get flagged; the JSON API is used over a real socket
// with and without the per-run token, and the decisions are checked with
// `review list` and `review log`.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire::testing;
using nlohmann::json;

namespace {

// `chipwire ... review serve` as a child process: the URL from its first
// stdout line; SIGTERM and wait on destruction.
class ServeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::string& stderr_path) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(out[1], 1);
      const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, 2);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      std::string binary = CHIPWIRE_BINARY;
      argv.push_back(binary.data());
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    out_fd_ = out[0];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    char c = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      if (read(out_fd_, &c, 1) != 1) break;
      if (c == '\n') break;
      first_line_ += c;
    }
  }
  ~ServeProcess() { stop(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The exit code after SIGTERM (-1 when it had to be killed).
  int stop() {
    if (pid_ <= 0) return exit_code_;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (i == 99) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
    }
    pid_ = -1;
    close(out_fd_);
    return exit_code_;
  }

  const std::string& url() const { return first_line_; }
  int port() const {
    std::smatch m;
    static const std::regex pattern(R"(^http://127\.0\.0\.1:(\d+)/$)");
    return std::regex_match(first_line_, m, pattern) ? std::stoi(m[1]) : -1;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int exit_code_ = -1;
  std::string first_line_;
};

struct Reply {
  int status = 0;
  std::string headers;  // raw, lowercased
  std::string body;
  json as_json() const { return json::parse(body, nullptr, false); }
};

// One HTTP/1.1 request over a fresh loopback connection, read to the close.
Reply http(int port, const std::string& method, const std::string& path, const std::vector<std::string>& headers = {},
           const std::string& body = "", const std::string& host = "") {
  Reply reply;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return reply;
  }
  std::string request = method + " " + path +
                        " HTTP/1.1\r\nHost: " + (host.empty() ? "127.0.0.1:" + std::to_string(port) : host) +
                        "\r\nConnection: close\r\n";
  for (const auto& h : headers) request += h + "\r\n";
  if (method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0) break;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t split = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || split == std::string::npos) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  reply.headers = raw.substr(0, split);
  for (char& c : reply.headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  reply.body = raw.substr(split + 4);
  return reply;
}

std::string token_in(const std::string& page) {
  std::smatch m;
  static const std::regex pattern(R"re(name="chipwire-token" content="([0-9a-f]{64})")re");
  return std::regex_search(page, m, pattern) ? m[1].str() : "";
}

std::string decision_body(const std::string& verdict, const std::string& note = "", const std::string& action = "") {
  json body = {{"verdict", verdict}};
  if (!note.empty()) body["note"] = note;
  if (!action.empty()) body["action"] = action;
  return body.dump();
}

struct FlaggedStore {
  TestHttpServer site{static_files({
      {"/flagged.xml", {"application/rss+xml", read_file(fixture("review_serve/flagged.xml"))}},
  })};
  TempDir dir;
  std::string config = (dir.path() / "chipwire.toml").string();
  std::string db = (dir.path() / "data").string();

  FlaggedStore() {
    write_file(config, "allow_private_addresses = true\n\n[[feed]]\nurl = \"" + site.url("/flagged.xml") + "\"\n");
    const auto ingest = run_chipwire({"--config", config, "--db", db, "ingest"});
    INFO(ingest.err);
    REQUIRE(ingest.exit_code == 0);
  }
  CommandResult chipwire(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", config, "--db", db});
    return run_chipwire(args);
  }
};

}  // namespace

TEST_CASE("review serve: the page, the API, the token, and decisions that land in the store", "[e2e][review][serve]") {
  FlaggedStore store;
  const std::string log = (store.dir.path() / "serve.log").string();
  ServeProcess serve({"--config", store.config, "--db", store.db, "review", "serve", "--port", "0", "--by", "tester"},
                     log);
  INFO("serve stderr: " << read_file(log));
  const int port = serve.port();
  REQUIRE(port > 0);

  // The page: the token in a meta tag, the script as its own resource, a CSP without inline script.
  const Reply page = http(port, "GET", "/");
  REQUIRE(page.status == 200);
  CHECK(page.headers.find("content-security-policy: default-src 'none'; script-src 'self';") != std::string::npos);
  CHECK(page.headers.find("x-frame-options: deny") != std::string::npos);
  CHECK(page.body.find("<script src=\"/review.js\"") != std::string::npos);
  CHECK(page.body.find("<script>") == std::string::npos);
  const std::string token = token_in(page.body);
  REQUIRE(token.size() == 64);
  const Reply script = http(port, "GET", "/review.js");
  CHECK(script.status == 200);
  CHECK(script.headers.find("content-type: text/javascript") != std::string::npos);
  CHECK(script.body.find("textContent") != std::string::npos);

  // The queue: every fixture item is open with its reasons.
  const Reply listed = http(port, "GET", "/api/items");
  REQUIRE(listed.status == 200);
  const json queue = listed.as_json();
  REQUIRE(queue["items"].size() >= 2);
  CHECK(queue["counts"]["open"] == queue["items"].size());
  CHECK(queue["reviewer"] == "tester");
  for (const json& item : queue["items"]) CHECK(!item["reasons"].empty());
  const std::string first = queue["items"][0]["id"];
  const std::string second = queue["items"][1]["id"];

  // One article: spans arrive as segments, raw (unescaped) text included.
  const Reply shown = http(port, "GET", "/api/items/" + first);
  REQUIRE(shown.status == 200);
  const json detail = shown.as_json();
  bool marked = false;
  std::string joined;
  for (const json& s : detail["article"]["text_segments"]) {
    marked = marked || s.contains("kind");
    joined += s["text"].get<std::string>();
  }
  for (const json& s : detail["article"]["title_segments"]) marked = marked || s.contains("kind");
  CHECK(marked);
  CHECK(!joined.empty());
  CHECK(!detail["flags"].empty());

  // Byte-offset spans cut multi-byte text at character boundaries: the
  // segments put together give the title back, and a span keeps its apostrophe.
  bool curly = false;
  for (const json& item : queue["items"]) {
    const json d = http(port, "GET", "/api/items/" + item["id"].get<std::string>()).as_json();
    std::string title;
    for (const json& s : d["article"]["title_segments"]) {
      title += s["text"].get<std::string>();
      curly = curly || (s.contains("kind") && s["text"] == "Huawei\u2019s");
    }
    CHECK(title == item["title"].get<std::string>());
  }
  CHECK(curly);

  // Writes without the token, with a wrong one, from another origin or to another host name are refused.
  const std::string json_type = "Content-Type: application/json";
  const std::string path = "/api/items/" + first + "/decision";
  CHECK(http(port, "POST", path, {json_type}, decision_body("accept")).status == 403);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + std::string(64, '0')}, decision_body("accept"))
            .status == 403);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + token, "Origin: http://evil.example"},
             decision_body("accept"))
            .status == 403);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + token}, decision_body("accept"),
             "evil.example:" + std::to_string(port))
            .status == 403);
  CHECK(http(port, "GET", "/api/items", {}, "", "rebound.example:" + std::to_string(port)).status == 403);
  CHECK(http(port, "GET", "/api/items", {"Sec-Fetch-Site: cross-site"}).status == 403);
  CHECK(http(port, "POST", path, {"Content-Type: text/plain", "X-Chipwire-Token: " + token}, decision_body("accept"))
            .status == 415);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + token}, decision_body("approve")).status == 400);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + token}, "{not json").status == 400);
  CHECK(http(port, "POST", "/api/items/" + std::string(32, 'f') + "/decision",
             {json_type, "X-Chipwire-Token: " + token}, decision_body("accept"))
            .status == 404);
  CHECK(http(port, "POST", path, {json_type, "X-Chipwire-Token: " + token}, decision_body("accept", "", "nope|x||"))
            .status == 404);
  const Reply still = http(port, "GET", "/api/items/" + first);
  CHECK(still.as_json()["state"] == "open");

  // With the token: accept one article, reject another with a note.
  const Reply accepted = http(
      port, "POST", path, {json_type, "X-Chipwire-Token: " + token, "Origin: http://127.0.0.1:" + std::to_string(port)},
      decision_body("accept"));
  INFO(accepted.body);
  REQUIRE(accepted.status == 200);
  CHECK(accepted.as_json()["state"] == "accepted");
  const Reply rejected = http(port, "POST", "/api/items/" + second + "/decision",
                              {json_type, "X-Chipwire-Token: " + token}, decision_body("reject", "not chip policy"));
  INFO(rejected.body);
  REQUIRE(rejected.status == 200);
  CHECK(rejected.as_json()["state"] == "rejected");

  // The server reads what it wrote, and the open list shrank.
  const json after = http(port, "GET", "/api/items?state=open").as_json();
  CHECK(after["counts"]["accepted"] == 1);
  CHECK(after["counts"]["rejected"] == 1);
  for (const json& item : after["items"]) {
    CHECK(item["id"] != first);
    CHECK(item["id"] != second);
  }
  CHECK(http(port, "GET", "/api/items?state=rejected").as_json()["items"].size() == 1);

  // The server holds no lock while idle: an ingest runs beside it.
  const auto again = store.chipwire({"ingest", "--all"});
  INFO(again.err);
  CHECK(again.exit_code == 0);

  // The CLI sees both decisions, and the audit log names the reviewer and the note.
  const auto list = store.chipwire({"review", "list", "--state", "all", "--format", "jsonl"});
  REQUIRE(list.exit_code == 0);
  std::map<std::string, std::string> states;
  for (const json& row : parse_jsonl(list.out)) states[row["id"]] = row["state"];
  CHECK(states[first] == "accepted");
  CHECK(states[second] == "rejected");
  const auto audit = store.chipwire({"review", "log", "--format", "jsonl"});
  REQUIRE(audit.exit_code == 0);
  const auto entries = parse_jsonl(audit.out);
  REQUIRE(entries.size() >= 2);
  bool saw_accept = false, saw_reject = false;
  for (const json& e : entries) {
    CHECK(e["by"] == "tester");
    if (e["article"] == first && e["verdict"] == "accept") saw_accept = true;
    if (e["article"] == second && e["verdict"] == "reject" && e["note"] == "not chip policy") saw_reject = true;
  }
  CHECK(saw_accept);
  CHECK(saw_reject);

  CHECK(serve.stop() == 0);  // SIGTERM is a clean stop
}

TEST_CASE("review serve decides single actions and corrections by action identity", "[e2e][review][serve]") {
  FlaggedStore store;
  const std::string log = (store.dir.path() / "serve.log").string();
  ServeProcess serve({"--config", store.config, "--db", store.db, "review", "serve", "--by", "tester"}, log);
  INFO("serve stderr: " << read_file(log));
  const int port = serve.port();
  REQUIRE(port > 0);
  const std::string token = token_in(http(port, "GET", "/").body);
  const json queue = http(port, "GET", "/api/items").as_json();
  std::string id, key;
  for (const json& item : queue["items"]) {
    const json d = http(port, "GET", "/api/items/" + item["id"].get<std::string>()).as_json();
    if (!d["actions"].empty()) {
      id = d["id"];
      key = d["actions"][0]["key"];
      break;
    }
  }
  if (id.empty()) {
    WARN("no fixture article has an action with this rule pack; skipping the per-action checks");
    return;
  }
  const std::vector<std::string> headers = {"Content-Type: application/json", "X-Chipwire-Token: " + token};
  const Reply fixed = http(port, "POST", "/api/items/" + id + "/decision", headers,
                           json{{"verdict", "correct"}, {"action", key}, {"modality", "planned"}}.dump());
  INFO(fixed.body);
  REQUIRE(fixed.status == 200);
  const json fixed_detail = fixed.as_json();
  bool corrected = false;
  for (const json& d : fixed_detail["decisions"]) corrected = corrected || d["verdict"] == "correct";
  CHECK(corrected);
  CHECK(http(port, "POST", "/api/items/" + id + "/decision", headers,
             json{{"verdict", "correct"}, {"action", key}, {"modality", "maybe"}}.dump())
            .status == 400);
  const Reply one = http(port, "POST", "/api/items/" + id + "/decision", headers, decision_body("reject", "", key));
  REQUIRE(one.status == 200);
  const json after = one.as_json();
  REQUIRE(!after["actions"].empty());
  CHECK(after["actions"][0]["decision"]["verdict"] == "reject");
  const auto audit = store.chipwire({"review", "log"});
  CHECK(audit.out.find("correct") != std::string::npos);
  CHECK(audit.out.find("modality=planned") != std::string::npos);
}

TEST_CASE("review serve without a store exits 3, with a bad port exits 2", "[e2e][review][serve]") {
  TempDir dir;
  const auto missing = run_chipwire({"--db", (dir.path() / "none").string(), "review", "serve"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.empty());
  const auto bad = run_chipwire({"--db", (dir.path() / "none").string(), "review", "serve", "--port", "70000"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--port") != std::string::npos);
}

TEST_CASE("review serve answers 503 to a decision while an ingest holds the data directory", "[e2e][review][serve]") {
  FlaggedStore store;
  const std::string log = (store.dir.path() / "serve.log").string();
  ServeProcess serve({"--config", store.config, "--db", store.db, "review", "serve", "--lock-wait", "1"}, log);
  const int port = serve.port();
  REQUIRE(port > 0);
  const std::string token = token_in(http(port, "GET", "/").body);
  const json queue = http(port, "GET", "/api/items").as_json();
  REQUIRE(!queue["items"].empty());
  const std::string id = queue["items"][0]["id"];
  const int fd = ::open((store.db + "/ingest.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const Reply busy = http(port, "POST", "/api/items/" + id + "/decision",
                          {"Content-Type: application/json", "X-Chipwire-Token: " + token}, decision_body("accept"));
  ::close(fd);
  CHECK(busy.status == 503);
  CHECK(busy.as_json()["error"].get<std::string>().find("ingest") != std::string::npos);
  CHECK(http(port, "GET", "/api/items/" + id).as_json()["state"] == "open");
  const Reply later = http(port, "POST", "/api/items/" + id + "/decision",
                           {"Content-Type: application/json", "X-Chipwire-Token: " + token}, decision_body("accept"));
  CHECK(later.status == 200);
}

TEST_CASE("review serve marks an action that names nothing as held until it is accepted", "[e2e][review][serve]") {
  const IngestedStore s("review_serve/held.xml");
  REQUIRE(s.ingest.exit_code == 0);
  const auto items = parse_jsonl(s.cli({"review", "list", "--format", "jsonl"}).out);
  REQUIRE(items.size() == 1);
  const std::string id = items[0]["id"];

  auto held_flags = [&] {
    const std::string log = (s.dir.path() / "serve.log").string();
    ServeProcess serve({"--db", s.db, "review", "serve", "--port", "0"}, log);
    INFO("serve stderr: " << read_file(log));
    REQUIRE(serve.port() > 0);
    const json d = http(serve.port(), "GET", "/api/items/" + id).as_json();
    std::vector<bool> held;
    for (const auto& a : d["actions"]) held.push_back(a["held"].get<bool>());
    return held;
  };
  const auto before = held_flags();
  REQUIRE_FALSE(before.empty());
  for (bool h : before) CHECK(h);
  REQUIRE(s.cli({"review", "accept", id, "--by", "test"}).exit_code == 0);
  for (bool h : held_flags()) CHECK_FALSE(h);
}
