//! Recursion: which shapes can contain themselves, and which members close a cycle of
//! structures that contain each other directly and so are boxed.
//!
//! Faults: a cycle of required members, which admits no finite value.

use super::*;

impl<'a> Lower<'a> {
    /// Decides which shapes are recursive, and which structure members must be boxed; reports
    /// cycles of required members, which admit no finite value.
    pub(super) fn recursion(&mut self) {
        let names: Vec<&String> = {
            let mut names: Vec<&String> = self.raw.shapes.keys().collect();
            names.sort();
            names
        };
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), i))
            .collect();
        let mut all = vec![Vec::new(); names.len()];
        // Structure → structure edges, with their member names; the required ones apart.
        let mut direct: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut direct_members: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
        let mut required: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut required_members: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
        for (from, name) in names.iter().enumerate() {
            let Some(shape) = self.lookup(name) else {
                continue;
            };
            let required_names: BTreeSet<&str> = shape
                .required
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let targets: Vec<(&str, Option<&str>)> = match shape.shape_type {
                ShapeType::Structure => shape
                    .members
                    .iter()
                    .flatten()
                    .map(|(member, m)| (m.shape.as_str(), Some(member.as_str())))
                    .collect(),
                ShapeType::List => shape
                    .member
                    .iter()
                    .map(|m| (m.shape.as_str(), None))
                    .collect(),
                ShapeType::Map => shape
                    .key
                    .iter()
                    .chain(shape.value.iter())
                    .map(|m| (m.shape.as_str(), None))
                    .collect(),
                _ => Vec::new(),
            };
            for (target, member) in targets {
                let Some(&to) = index.get(target) else {
                    continue;
                };
                all[from].push(to);
                let Some(member) = member else { continue };
                if self.lookup(target).map(|t| t.shape_type) == Some(ShapeType::Structure) {
                    direct[from].push(to);
                    direct_members[from].push(member);
                    if required_names.contains(member) {
                        required[from].push(to);
                        required_members[from].push(member);
                    }
                }
            }
        }
        self.recursive = graph::on_cycle(&all)
            .into_iter()
            .enumerate()
            .filter(|&(_, cyclic)| cyclic)
            .map(|(i, _)| names[i].clone())
            .collect();
        self.boxed = graph::back_edges(&direct)
            .into_iter()
            .map(|edge| {
                (
                    names[edge.from].clone(),
                    direct_members[edge.from][edge.edge].to_owned(),
                )
            })
            .collect();
        for edge in graph::back_edges(&required) {
            // The cycle as seen from the member that closes it: from, target, ..., from.
            let from = names[edge.from].as_str();
            let inner = &edge.cycle[..edge.cycle.len().saturating_sub(2)];
            let mut cycle: Vec<&str> = vec![from];
            cycle.extend(inner.iter().map(|&i| names[i].as_str()));
            cycle.push(from);
            self.fault(
                member_path(names[edge.from], required_members[edge.from][edge.edge]),
                format!(
                    "required members form a cycle {}, so no finite value exists",
                    cycle.join(" -> ")
                ),
            );
        }
    }
}
