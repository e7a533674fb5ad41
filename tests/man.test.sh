#!/bin/sh
# tests/man.test.sh: the manual pages in doc/ render cleanly. For each
# page, two TAP lines:
#   - groff -ww -man (every warning on) prints nothing, and exits 0;
#   - its NAME section names the program ("runningcode-site \- ..." in
#     runningcode-site.8), and .TH has the same name and section.
# The pages are found through $RC_SRCDIR/doc (make check exports
# RC_SRCDIR); without it, through the folder above this script.
# Without groff the whole test is skipped, as TAP allows ("1..0 # SKIP").
# Exits 1 when a check failed, as the C unit tests do.
#
# Plain POSIX sh, so that it runs under whatever $(SHELL) configure
# found, bash or dash.
set -u
set -f	# no globbing of words split below; the page list globs explicitly

srcdir=${RC_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
docdir=$srcdir/doc

if ! command -v groff >/dev/null 2>&1; then
	echo "1..0 # SKIP groff is not installed (Debian: groff-base)"
	exit 0
fi

# The pages: files named NAME.SECTION, SECTION a digit.
set +f
count=0
for page in "$docdir"/*.[1-9]; do
	[ -f "$page" ] && count=$((count + 1))
done
if [ "$count" -eq 0 ]; then
	echo "1..1"
	echo "not ok 1 - manual pages in $docdir"
	echo "# no file named *.[1-9] there"
	exit 1
fi

echo "1..$((2 * count))"
n=0
failed=0

# Print each line of $1 as a TAP diagnostic.
diag() {
	printf '%s\n' "$1" | sed 's/^/# /'
}

for page in "$docdir"/*.[1-9]; do
	[ -f "$page" ] || continue
	set -f
	file=${page##*/}
	section=${file##*.}
	name=${file%.*}

	# 1. Renders without a single warning (-z: format, print nothing).
	n=$((n + 1))
	out=$(groff -ww -man -Tutf8 -z "$page" 2>&1)
	status=$?
	if [ "$status" -eq 0 ] && [ -z "$out" ]; then
		echo "ok $n - $file renders without warnings under groff -ww"
	else
		echo "not ok $n - $file renders without warnings under groff -ww"
		diag "groff exited $status"
		[ -z "$out" ] || diag "$out"
		failed=1
	fi

	# 2. NAME names the program: the first text line after ".SH NAME"
	# is "NAME[, OTHER...] \- what it is" (hyphens written - or \-), and
	# the title line agrees: .TH NAME SECTION, the name in capitals.
	n=$((n + 1))
	name_line=$(awk '
		/^\.SH[ \t]+"?NAME"?[ \t]*$/ { in_name = 1; next }
		in_name && /^\.SH/ { exit }
		in_name && !/^\./ { print; exit }
	' "$page")
	plain=$(printf '%s\n' "$name_line" | sed 's/\\-/-/g')
	names=${plain%% - *}
	problems=
	if [ "$names" = "$plain" ] || [ -z "${plain#* - }" ]; then
		problems="NAME line is \"$name_line\", not \"$name \\- ...\""
	else
		case ", $names," in
		*", $name,"*) ;;
		*) problems="NAME line \"$name_line\" does not name $name" ;;
		esac
	fi
	th_line=$(grep -m1 '^\.TH[ 	]' "$page")
	# shellcheck disable=SC2086 # split the title line into its words
	set -- $th_line
	th_title=$(printf '%s\n' "${2:-}" | sed 's/\\-/-/g; s/"//g')
	th_section=$(printf '%s\n' "${3:-}" | sed 's/"//g')
	upper=$(printf '%s\n' "$name" | tr '[:lower:]' '[:upper:]')
	if [ "$th_title" != "$upper" ] || [ "$th_section" != "$section" ]; then
		problems="${problems:+$problems; }title line is \"$th_line\", not \".TH $upper $section ...\""
	fi
	if [ -z "$problems" ]; then
		echo "ok $n - $file: NAME names $name"
	else
		echo "not ok $n - $file: NAME names $name"
		diag "$problems"
		failed=1
	fi
	set +f
done
exit "$failed"
