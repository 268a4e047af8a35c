# Generates feeds/charset_names.cc: charset labels -> (iconv name, IANA name), plus 8-bit tables
import encodings, encodings.aliases, codecs, pkgutil, re, subprocess, sys
sys.path.insert(0,'/work/shared/bench')
import reference_feedparser as rf
def norm(l):
    return re.sub(r'[^a-z0-9.]+','_',l.lower()).strip('_')
skip={'base64','bz2','hex','quopri','rot-13','uu','zlib','utf-7','idna','punycode','mbcs','oem','palmos','undefined','unicode_escape','raw_unicode_escape','charmap','latin_1','string_escape','utf_8_sig','unicode_internal','cp65001','aliases'}
mods=[m.name for m in pkgutil.iter_modules(encodings.__path__)]
labels=set(encodings.aliases.aliases)|set(encodings.aliases.aliases.values())|set(mods)
# extra well-known labels (WHATWG/IANA) python lacks
extra={'x-sjis':'shift_jis','windows-31j':'cp932','x-mac-roman':'mac_roman','ibm039':'cp037','cp039':'cp037',
 'csibm039':'cp037','ks_c_5601-1987':'cp949','x-euc-jp':'euc_jp','unicode-1-1-utf-8':'utf-8','x-gbk':'gbk','utf8':'utf-8','iso-10646-ucs-2':'utf-16-be','ucs-2':'utf-16-be'}
bycodec={}
for l in labels|set(extra):
    try: n=codecs.lookup(extra.get(l,l)).name
    except LookupError: continue
    if n in skip or norm(n) in skip: continue
    bycodec.setdefault(n,set()).add(norm(l))
    bycodec[n].add(norm(n))
special={'ascii':'ASCII','latin-1':'ISO-8859-1','mac-roman':'MACINTOSH','mac-cyrillic':'MAC-CYRILLIC','mac-iceland':'MAC-IS',
 'mac-latin2':'MAC-CENTRALEUROPE','gb2312':'GB18030','gbk':'GB18030','hz':'HZ','cp949':'CP949','euc_kr':'EUC-KR','johab':'JOHAB',
 'iso2022_jp':'ISO-2022-JP','iso2022_jp_1':'ISO-2022-JP-1','iso2022_jp_2':'ISO-2022-JP-2','iso2022_jp_3':'ISO-2022-JP-3','iso2022_kr':'ISO-2022-KR',
 'shift_jis':'SHIFT_JIS','cp932':'CP932','euc_jp':'EUC-JP','big5hkscs':'BIG5-HKSCS','tis-620':'TIS-620','hp-roman8':'HP-ROMAN8','ptcp154':'PT154','kz1048':'RK1048',
 'utf-16':'UTF-16','utf-32':'UTF-32','utf-16-be':'UTF-16BE','utf-16-le':'UTF-16LE','utf-32-be':'UTF-32BE','utf-32-le':'UTF-32LE','euc_jis_2004':'EUC-JISX0213','euc_jisx0213':'EUC-JISX0213','shift_jis_2004':'SHIFT_JISX0213','shift_jisx0213':'SHIFT_JISX0213'}
def iconv_ok(name):
    r=subprocess.run(['iconv','-f',name,'-t','UTF-8'],input=b'',capture_output=True)
    return r.returncode==0
rows=[]; tables={}
for n,ls in sorted(bycodec.items()):
    cands=[special.get(n,'')]+[n.upper(), n.upper().replace('_','-'), re.sub(r'^CP','IBM',n.upper()), n.upper().replace('ISO','ISO-')]
    ic=next((c for c in cands if c and iconv_ok(c)),None)
    iana=rf._PY_TO_IANA.get(n)
    if ic is None and (n in ('hz',) or n.startswith('iso2022')):
        ic={'hz':None}.get(n,'ISO-2022-JP-3')
        if ic is None: continue
    if ic is None or n.startswith('mac-') :
        # single-byte table from python
        try:
            t=[]
            for b in range(128,256):
                try: t.append(ord(bytes([b]).decode(n)))
                except UnicodeDecodeError: t.append(0xFFFD)
            tables[n]=t; ic='@'+n
        except Exception: 
            print('skip',n,file=sys.stderr); continue
    for l in sorted(ls): rows.append((l,ic,iana or ''))
out=['// Generated from Python 3.11 codec aliases and feedparser\'s IANA names; do not edit by hand.',
 '// Charset labels (normalised: lowercase, punctuation runs to "_") -> iconv name and IANA name.',
 '// An iconv name starting with "@" names a single-byte table below (glibc lacks the codec).',
 '#include "feeds/charset_names.h"','','namespace chipwire::charset_data {','',
 'const LabelRow kLabels[] = {']
for l,ic,iana in sorted(rows): out.append('    {"%s", "%s", "%s"},'%(l,ic,iana))
out.append('};\nconst std::size_t kLabelCount = sizeof kLabels / sizeof kLabels[0];\n')
out.append('const SingleByteTable kTables[] = {')
for n,t in sorted(tables.items()):
    out.append('    {"%s", {%s}},'%(n,', '.join('0x%04X'%c for c in t)))
out.append('};\nconst std::size_t kTableCount = sizeof kTables / sizeof kTables[0];\n\n}  // namespace chipwire::charset_data')
open('feeds/charset_names.cc','w').write('\n'.join(out)+'\n')
print(len(rows),'labels',len(tables),'tables',sorted(tables))
