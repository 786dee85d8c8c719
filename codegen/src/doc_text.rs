//! Doc comments held beside a file's token stream while it is emitted, and put back into the
//! rendered text.
//!
//! A doc comment in tokens is one `#[doc = "..."]` attribute per line, which rendering reads
//! and writes again: measured, a fifth of the generator's time went to doc text it only passes
//! through. While [`collect`] runs, [`hold`] keeps each doc block in a table and the tokens carry
//! one short placeholder attribute instead; [`expand`] turns each placeholder line of the
//! rendered file back into the `///` (or `//!`) lines of the block. Outside [`collect`] (emitter unit tests), [`hold`] declines and the emitters
//! write ordinary doc attributes, so the output is the same either way.

use std::cell::RefCell;

/// Starts the text of a placeholder doc attribute: a control character, which no doc comment
/// holds otherwise (lowering drops them from spec text, `lower::docs`).
const MARK: char = '\u{1}';

thread_local! {
    /// The doc blocks of the file being emitted on this thread, when one is.
    static TABLE: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Runs `emit` with doc blocks held on this thread; returns its result and the held blocks, in
/// the order of their placeholders' numbers.
pub fn collect<T>(emit: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    let outer = TABLE.with(|table| table.replace(Some(Vec::new())));
    let result = emit();
    let held = TABLE.with(|table| table.replace(outer)).unwrap_or_default();
    (result, held)
}

/// Holds the doc `lines` (each as a doc attribute's text: `" text"` or `""`) and returns the
/// text of the placeholder attribute to emit instead; outside [`collect`], gives `lines` back.
pub fn hold(lines: Vec<String>) -> Result<String, Vec<String>> {
    TABLE.with(|table| match table.borrow_mut().as_mut() {
        Some(held) => {
            held.push(lines);
            Ok(format!("{MARK}{}", held.len() - 1))
        }
        None => Err(lines),
    })
}

/// `rendered` with each placeholder line (`<indent>///<mark><n>` or `//!`) replaced by the lines
/// of block `n` of `held`, at the same indentation. `Err` names what does not add up (a
/// placeholder printed elsewhere than on a line of its own, or a block used twice or never): a
/// generator bug, as the emitted doc would be lost.
pub fn expand(rendered: &str, held: &[Vec<String>]) -> Result<String, String> {
    if held.is_empty() {
        return Ok(rendered.to_owned());
    }
    let extra: usize = held.iter().flatten().map(|line| line.len() + 12).sum();
    let mut out = String::with_capacity(rendered.len() + extra);
    let mut used = vec![false; held.len()];
    for line in rendered.split_inclusive('\n') {
        let Some((indent, slashes, index)) = placeholder(line) else {
            out.push_str(line);
            continue;
        };
        let block = held
            .get(index)
            .ok_or_else(|| format!("doc placeholder {index} has no held block"))?;
        if std::mem::replace(&mut used[index], true) {
            return Err(format!("doc placeholder {index} was printed twice"));
        }
        for doc_line in block {
            out.push_str(indent);
            out.push_str(slashes);
            out.push_str(doc_line);
            out.push('\n');
        }
    }
    match used.iter().position(|used| !used) {
        Some(index) => Err(format!(
            "the doc {:?} is not on a line of its own in the rendered file (in a macro's \
             arguments, or emitted and then left out)",
            held[index].join("\n").trim()
        )),
        None => Ok(out),
    }
}

/// `(indent, "///" or "//!", n)` when `line` is a placeholder line.
fn placeholder(line: &str) -> Option<(&str, &str, usize)> {
    let body = line.trim_end_matches('\n');
    let text = body.trim_start_matches(' ');
    let indent = &body[..body.len() - text.len()];
    let slashes = ["///", "//!"]
        .into_iter()
        .find(|slashes| text.starts_with(slashes))?;
    let digits = text[slashes.len()..].strip_prefix(MARK)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((indent, slashes, digits.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn hold_declines_outside_collect_and_numbers_blocks_inside() {
        assert_eq!(hold(lines(&[" a"])), Err(lines(&[" a"])));
        let ((first, second), held) = collect(|| (hold(lines(&[" a"])), hold(lines(&[" b", ""]))));
        assert_eq!(first, Ok("\u{1}0".to_owned()));
        assert_eq!(second, Ok("\u{1}1".to_owned()));
        assert_eq!(held, vec![lines(&[" a"]), lines(&[" b", ""])]);
        // The table is gone once `collect` returns.
        assert_eq!(hold(lines(&[" c"])), Err(lines(&[" c"])));
    }

    #[test]
    fn collect_nests_without_mixing_tables() {
        let ((inner_held, outer_mark), held) = collect(|| {
            let (_, inner) = collect(|| hold(lines(&[" inner"])));
            (inner, hold(lines(&[" outer"])))
        });
        assert_eq!(inner_held, vec![lines(&[" inner"])]);
        assert_eq!(outer_mark, Ok("\u{1}0".to_owned()));
        assert_eq!(held, vec![lines(&[" outer"])]);
    }

    #[test]
    fn expand_writes_each_block_at_its_placeholder_indentation() {
        let rendered = "//!\u{1}1\npub struct A {\n    ///\u{1}0\n    pub a: u8,\n}\n";
        let held = vec![lines(&[" Field.", "", " More."]), lines(&[" Module."])];
        assert_eq!(
            expand(rendered, &held).unwrap(),
            "//! Module.\npub struct A {\n    /// Field.\n    ///\n    /// More.\n    pub a: u8,\n}\n"
        );
    }

    #[test]
    fn expand_leaves_other_text_alone() {
        // A string literal spelling the mark is not a placeholder.
        let rendered = "/// plain text\nlet x = \"///\\u{1}0\";\n";
        assert_eq!(expand(rendered, &[]).unwrap(), rendered);
        // A held block whose placeholder is not a line of its own would be lost.
        let err = expand(rendered, &[lines(&[" lost"])]).unwrap_err();
        assert!(err.contains("not on a line of its own"), "{err}");
    }

    #[test]
    fn expand_refuses_a_block_printed_twice_or_unknown() {
        let held = vec![lines(&[" a"])];
        assert!(expand("///\u{1}0\n///\u{1}0\n", &held)
            .unwrap_err()
            .contains("twice"));
        assert!(expand("///\u{1}0\n///\u{1}7\n", &held)
            .unwrap_err()
            .contains("no held block"));
    }
}
