//! Spec text becomes rustdoc that builds cleanly under `-D warnings` and has no doctests. Every
//! doc string of the IR that came from a spec passes through [`rustdoc_text`] here, once; the
//! emitters then add their own Markdown (links to generated items) around it freely.
//!
//! What it guards against: bare CRs, tabs, control and bidi characters; fenced or indented code
//! blocks (rustdoc would compile and run them as doctests); `<tag>` text read as unclosed HTML;
//! `[text]` read as a broken intra-doc link; bare URLs (`rustdoc::bare_urls`); list continuation
//! lines that clippy calls lazy. Inline code spans are kept as written.
//!
//! Names and values the emitters quote from the spec (enum values, keys, header names and
//! examples, paths) are not prose: [`code_span`] makes each one code span, whatever it holds.

use crate::ir::{Api, TypeKind};

/// Rewrites every spec-written doc string of `api` in place.
pub fn sanitize_api(api: &mut Api) {
    let fix = |text: &mut String| *text = rustdoc_text(text);
    let fix_opt = |text: &mut Option<String>| {
        if let Some(text) = text {
            *text = rustdoc_text(text);
        }
    };
    fix(&mut api.title);
    fix_opt(&mut api.description);
    if let Some(auth) = &mut api.auth {
        fix_opt(&mut auth.description);
    }
    for setting in &mut api.settings {
        fix_opt(&mut setting.doc);
    }
    for def in &mut api.types {
        fix_opt(&mut def.doc);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix_opt(&mut f.doc)),
            TypeKind::Enum(e) => e.variants.iter_mut().for_each(|v| fix_opt(&mut v.doc)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| fix_opt(&mut v.doc)),
            TypeKind::Conditional(c) => {
                fix_opt(&mut c.flag_doc);
                fix_opt(&mut c.dependent_doc);
            }
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }
    for op in &mut api.operations {
        fix_opt(&mut op.summary);
        fix_opt(&mut op.description);
        op.path_params.iter_mut().for_each(|p| fix_opt(&mut p.doc));
        op.responses
            .iter_mut()
            .for_each(|r| fix(&mut r.description));
    }
    for hook in &mut api.webhooks {
        fix_opt(&mut hook.summary);
        fix_opt(&mut hook.description);
        fix(&mut hook.answer.description);
        hook.headers.iter_mut().for_each(|h| fix_opt(&mut h.doc));
    }
}

/// Whether `c` must not reach a doc comment: controls other than newline, and the invisible
/// formatting characters (bidi overrides and isolates, zero-width marks, BOM).
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `text` (a wire value, key, header name or example, as the spec spells it) as one Markdown
/// code span, whatever it holds: the backtick fence is longer than any run of backticks inside,
/// padded with a space each side when the text starts or ends with a backtick or a space
/// (CommonMark strips one), line breaks become spaces and invisible characters are dropped. So
/// the text cannot close the span early and turn the rest of the line into HTML tags, links or
/// emphasis (`a`<b>` written as `` `a`<b>` `` would leave an unclosed `<b>`). The emitters quote
/// every spec-spelled name in docs through it.
pub(crate) fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !is_invisible(*c))
        .collect();
    if text.trim().is_empty() {
        // A span of spaces only keeps them all; an empty one does not exist in Markdown.
        return format!("` {text} `");
    }
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

/// Spec text as safe rustdoc Markdown.
pub fn rustdoc_text(text: &str) -> String {
    let normalized: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    // Width a continuation line of the current list item needs, if inside a list item.
    let mut list_indent: Option<usize> = None;
    for line in normalized.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_end() == marker {
                fence = None;
            }
            out.push(line.trim_end().to_owned());
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            // Always a text block: rustdoc would run an unmarked or `rust` block as a doctest.
            out.push(format!("{marker}text"));
            fence = Some(marker);
            list_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            list_indent = None;
            continue;
        }
        let escaped = escape_inline(trimmed.trim_end());
        if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
            out.push(escaped);
        } else if let Some(width) = list_indent {
            // A continuation of the list item, indented as the item's text.
            out.push(format!("{}{escaped}", " ".repeat(width)));
        } else {
            // No indentation: four spaces would start a code block, which rustdoc runs.
            out.push(escaped);
        }
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out.join("\n")
}

/// The fence (three or more backticks or tildes) that opens a code block on this line.
fn fence_marker(trimmed: &str) -> Option<String> {
    let first = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let count = trimmed.chars().take_while(|c| *c == first).count();
    (count >= 3).then(|| first.to_string().repeat(count))
}

/// Width of a list item's marker with its space (`- ` is 2, `12. ` is 4), if the line is one.
fn list_marker_width(trimmed: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m)) {
        return Some(2);
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// Escapes one line outside code spans: `<`, `[`, `]` and `\` lose their Markdown meaning,
/// URLs become autolinks. Text between backticks is kept as written.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    loop {
        // A code span: from a run of backticks to the next run of the same length.
        let Some(start) = rest.find('`') else {
            escape_text(rest, &mut out);
            return out;
        };
        escape_text(&rest[..start], &mut out);
        let after = &rest[start..];
        let ticks = after.chars().take_while(|c| *c == '`').count();
        let marker = &after[..ticks];
        match after[ticks..].find(marker) {
            Some(end) => {
                let span_end = ticks + end + ticks;
                out.push_str(&after[..span_end]);
                rest = &after[span_end..];
            }
            None => {
                // An unmatched backtick is text.
                for _ in 0..ticks {
                    out.push_str("\\`");
                }
                rest = &after[ticks..];
            }
        }
    }
}

fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The length of an `http(s)://` URL starting `text`, without trailing punctuation.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || "<>\"'`()[]{}".contains(c))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::{code_span, rustdoc_text};

    #[test]
    fn wire_text_is_one_code_span_whatever_it_holds() {
        assert_eq!(code_span("plain"), "`plain`");
        assert_eq!(code_span("a`<b>"), "``a`<b>``");
        assert_eq!(code_span("c``<i>"), "```c``<i>```");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(code_span(" a "), "`  a  `");
        assert_eq!(code_span("a\nb\u{202E}c"), "`a bc`");
        assert_eq!(code_span(""), "`  `");
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            rustdoc_text("a\n```\nlet x = 1;\n```"),
            "a\n```text\nlet x = 1;\n```"
        );
        assert_eq!(rustdoc_text("```rust\nfn"), "```text\nfn\n```");
        assert_eq!(rustdoc_text("a\n\n    indented code"), "a\n\nindented code");
    }

    #[test]
    fn markup_that_rustdoc_misreads_is_escaped() {
        assert_eq!(rustdoc_text("a <b> [c] -> d"), "a \\<b> \\[c\\] -> d");
        assert_eq!(rustdoc_text("see https://x.io/a."), "see <https://x.io/a>.");
        assert_eq!(rustdoc_text("`<keep>` and `x"), "`<keep>` and \\`x");
        // Emphasis is Markdown the specs use on purpose ("epoch **seconds**"); it stays.
        assert_eq!(
            rustdoc_text("epoch **seconds**, a\\b"),
            "epoch **seconds**, a\\\\b"
        );
    }

    #[test]
    fn invisible_and_control_characters_are_dropped() {
        assert_eq!(
            rustdoc_text("a\r\nb\rc\td\u{202E}e\u{0}f"),
            "a\nb\nc    de\u{0}f".replace('\u{0}', "")
        );
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(rustdoc_text("- one\ntwo\n\nthree"), "- one\n  two\n\nthree");
        assert_eq!(rustdoc_text("10. ten\nmore"), "10. ten\n    more");
    }
}
