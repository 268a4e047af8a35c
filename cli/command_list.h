// Constructors of every command, one per cmd_*.cc file; cli/commands.cc puts
// them in the table.
#pragma once

#include "cli/command.h"

namespace chipwire::cli {

Command make_ingest_command();
Command make_events_command();
Command make_event_command();
Command make_articles_command();
Command make_stats_command();
Command make_feeds_list_command();
Command make_feeds_add_command();
Command make_feeds_remove_command();
Command make_feeds_import_command();
Command make_feeds_export_command();
Command make_parse_command();
Command make_extract_command();
Command make_rules_check_command();
Command make_rules_test_command();
Command make_rules_stats_command();
Command make_reprocess_command();
Command make_backup_command();
Command make_prune_command();
Command make_review_list_command();
Command make_review_show_command();
Command make_review_log_command();
Command make_review_accept_command();
Command make_review_reject_command();
Command make_review_correct_command();
Command make_review_next_command();
Command make_review_serve_command();

}  // namespace chipwire::cli
