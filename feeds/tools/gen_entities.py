# Writes feeds/entities_table.cc from Python's HTML5 named character references.
import html.entities
e = html.entities.html5
rows = sorted((k[:-1], v) for k, v in e.items() if k.endswith(';'))
legacy = sorted(k for k in e if not k.endswith(';'))
def cesc(s):
    return ''.join('\\x%02x' % b for b in s.encode('utf-8'))
out = ['// Generated from the HTML5 named character references (Python html.entities.html5); do not edit.',
       '// Sorted by name for binary search; names without the trailing ";".',
       '#include "feeds/entities.h"', '', 'namespace chipwire::entity_data {', '', 'const NamedEntity kNamed[] = {']
for k, v in rows:
    out.append('    {"%s", "%s"},' % (k, cesc(v)))
out.append('};\nconst std::size_t kNamedCount = sizeof kNamed / sizeof kNamed[0];\n')
out.append('// Names HTML also accepts without the ";" (legacy), sorted.')
out.append('const char* const kLegacy[] = {' + ', '.join('"%s"' % k for k in legacy) + '};')
out.append('const std::size_t kLegacyCount = sizeof kLegacy / sizeof kLegacy[0];\n\n}  // namespace chipwire::entity_data')
open('feeds/entities_table.cc', 'w').write('\n'.join(out) + '\n')
