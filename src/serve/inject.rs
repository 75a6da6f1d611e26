//! What `serve` adds to every HTML page: the reload poller and, when the
//! last rebuild failed, the error overlay. Nothing is added to built files.

/// The path the injected script polls for the site's version. Defined here,
/// with the script, and answered by the HTTP side, which injects it.
pub const VERSION_PATH: &str = "/__noticeboard/version";

/// Adds the poller (and overlay) just before `</body>`, or at the end.
pub fn page(html: Vec<u8>, errors: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(errors) = errors {
        extra.push_str(&overlay(errors));
    }
    extra.push_str(&format!(
        "<script>(function(){{var seen=null;function poll(){{fetch('{VERSION_PATH}',{{cache:'no-store'}}).then(function(r){{return r.text()}}).then(function(v){{if(seen===null)seen=v;else if(v!==seen)location.reload()}}).catch(function(){{}}).then(function(){{setTimeout(poll,300)}})}}poll()}})();</script>"
    ));
    let text = String::from_utf8_lossy(&html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + extra.len());
    out.push_str(&text[..at]);
    out.push_str(&extra);
    out.push_str(&text[at..]);
    out.into_bytes()
}

fn overlay(errors: &str) -> String {
    format!(
        "<div id=\"noticeboard-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.95);color:#fff;padding:1rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\"><p style=\"font-weight:bold;color:#ff8080\">The last change has errors; this is the last good version of the site. Fix the file and save: the page reloads by itself.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
        escape(errors)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_goes_before_body_end_and_is_escaped() {
        let out = String::from_utf8(page(
            b"<html><body><p>x</p></body></html>".to_vec(),
            Some("a.yaml:1:2: <bad>"),
        ))
        .unwrap();
        assert!(out.contains("a.yaml:1:2: &lt;bad&gt;"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
