//! Whom an item is for: the roles a site defines once (school offices,
//! class leaders, teachers) and, on each session, deadline, step,
//! requirement and contact, `audience:` (students or a role) with
//! `only_for:` (a part of the students).

use std::collections::HashMap;

use crate::content::raw::{self, S, Text, pos};
use crate::model::{Audience, Role};

use super::fields::Fields;

/// The audience every item has unless it says otherwise.
const STUDENTS: &str = "students";

/// The site's roles (`roles:` in noticeboard.yaml), each reported where it
/// is wrong; `None` when any is.
pub fn roles(f: &mut Fields, entries: &[S<raw::RoleEntry>]) -> Option<Vec<Role>> {
    let mut seen = HashMap::new();
    let mut roles = Some(Vec::new());
    for entry in entries {
        let e = &entry.value;
        let id = f.id(&e.id, "role");
        if e.id.value == STUDENTS {
            f.error(
                pos(&e.id),
                "`students` cannot be a role",
                "every item is for students unless it names a role; give this role another id, e.g. `school-office`",
            );
        }
        if seen.insert(e.id.value.clone(), pos(&e.id)).is_some() {
            f.error(
                pos(&e.id),
                format!("role `{}` is defined twice", e.id.value),
                "define each role once",
            );
        }
        let name = f.text(&e.name, "name");
        match (id, name, &mut roles) {
            (Some(id), Some(name), Some(list)) if id != STUDENTS => list.push(Role { id, name }),
            _ => roles = None,
        }
    }
    roles
}

/// An item's `audience:` and `only_for:`. A role's item cannot also be
/// for a part of the students: that is two audiences at once.
pub fn audience(
    f: &mut Fields,
    roles: &[Role],
    audience: &Option<S<String>>,
    only_for: &Option<S<Text>>,
) -> Option<Audience> {
    let part = f.opt_text(only_for, "only_for");
    let role = match audience {
        None => None,
        Some(a) if a.value.trim() == STUDENTS => None,
        Some(a) => {
            let id = a.value.trim();
            if roles.iter().all(|r| r.id != id) {
                f.error(pos(a), format!("unknown audience `{id}`"), known(roles));
                return None;
            }
            Some(id.to_string())
        }
    };
    match (role, part.ok()?) {
        (Some(role), Some(_)) => {
            let at = only_for.as_ref().map(pos).unwrap_or_default();
            f.error(
                at,
                format!("`only_for` names a part of the students, but this item is for `{role}`"),
                "remove `only_for`, or remove `audience` if the item is for those students",
            );
            None
        }
        (Some(role), None) => Some(Audience::Role(role)),
        (None, Some(part)) => Some(Audience::Part(part)),
        (None, None) => Some(Audience::Students),
    }
}

/// The audiences a campaign may name, for the hint.
fn known(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "write `students`, or define the role under `roles` in noticeboard.yaml first (an id and a name in each language)".into();
    }
    // Roles come from a stand-in site when noticeboard.yaml has errors,
    // so a role defined twice, or one called `students`, may be here.
    let mut ids: Vec<&str> = Vec::new();
    for id in roles.iter().map(|r| r.id.as_str()) {
        if id != STUDENTS && !ids.contains(&id) {
            ids.push(id);
        }
    }
    format!(
        "write `students` or one of the roles in noticeboard.yaml: {}",
        ids.join(", ")
    )
}
