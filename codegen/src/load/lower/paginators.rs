//! `paginators-1.json`: each paginator's tokens, page size and result key, as members of its
//! operation's input and output.
//!
//! Faults: an unknown operation, or a member that its input or output does not have. A
//! paginator that cannot be followed (a token that is a path into the output, tokens of
//! different shapes) is a warning, and the operation is generated without it.

use super::*;

impl<'a> Lower<'a> {
    pub(super) fn paginators(&mut self, paginators: &RawPaginators) -> BTreeMap<String, Paginator> {
        let mut lowered = BTreeMap::new();
        for (name, paginator) in &paginators.pagination {
            let Some(paginator) = paginator else { continue };
            let path = JsonPath::root().key("pagination").key(name);
            let operation = match self.raw.operations.get(name) {
                None => {
                    self.fault(path, format!("unknown operation {}", quote(name)));
                    continue;
                }
                Some(None) => continue,
                Some(Some(operation)) => operation,
            };
            let before = self.faults.len();
            // botocore's paginators may name a path into the output (`Stream.Shards[-1].Id`).
            // A token there cannot be followed; a result key there only loses `into_items`.
            let is_path = |key: &str| key.contains(['.', '[']);
            if let Some((key, token)) = [
                ("input_token", &paginator.input_token),
                ("output_token", &paginator.output_token),
            ]
            .into_iter()
            .find(|(_, token)| is_path(token))
            {
                self.warn(
                    path.key(key),
                    format!(
                        "{} is a path into the {}, which a paginator cannot follow: operation {} is generated without `into_paginator`",
                        quote(token),
                        key.trim_end_matches("_token"),
                        quote(name)
                    ),
                );
                continue;
            }
            let result_key = match paginator.result_key.as_ref().map(raw::OneOrMany::names) {
                Some([key]) if is_path(key) => {
                    self.warn(
                        path.key("result_key"),
                        format!(
                            "{} is a path into the output: operation {} is generated without `into_items`",
                            quote(key),
                            quote(name)
                        ),
                    );
                    None
                }
                Some([key]) => Some(key),
                // Several lists of items (or none): pages, but no one item type.
                _ => None,
            };
            let input = operation.input.as_ref().map(|input| input.shape.as_str());
            let output = operation
                .output
                .as_ref()
                .map(|output| output.shape.as_str());
            if input.is_none() {
                self.fault(
                    path.clone(),
                    format!("operation {} has no input", quote(name)),
                );
            }
            if output.is_none() {
                self.fault(
                    path.clone(),
                    format!("operation {} has no output", quote(name)),
                );
            }
            let token: &[ShapeType] = &[ShapeType::String, ShapeType::Map];
            let more_results = match &paginator.more_results {
                Some(key) if is_path(key) => {
                    self.warn(
                        path.key("more_results"),
                        format!(
                            "{} is a path into the output: operation {} pages until a page has no token",
                            quote(key),
                            quote(name)
                        ),
                    );
                    None
                }
                other => other.as_ref(),
            };
            let checks = [
                (
                    "input_token",
                    input,
                    Some(&paginator.input_token),
                    token,
                    "a string or a map",
                ),
                (
                    "output_token",
                    output,
                    Some(&paginator.output_token),
                    token,
                    "a string or a map",
                ),
                (
                    "more_results",
                    output,
                    more_results,
                    &[ShapeType::Boolean][..],
                    "a boolean",
                ),
                (
                    "limit_key",
                    input,
                    paginator.limit_key.as_ref(),
                    // A string is allowed too: some APIs (Pinpoint SMS and Voice v1) take the
                    // page size as a string query parameter.
                    &[ShapeType::Integer, ShapeType::Long, ShapeType::String][..],
                    "an integer, long or string",
                ),
                (
                    "result_key",
                    output,
                    result_key,
                    &[ShapeType::List, ShapeType::Map][..],
                    "a list or map",
                ),
            ];
            // A member of another type than the generated paginator handles (botocore's
            // DynamoDB pages with a map as its token) leaves the operation without
            // `into_paginator` (or, for the result key, without `into_items`), with a warning.
            let mut followable = true;
            let mut result_key = result_key;
            for (key, structure, member, types, expected) in checks {
                let (Some(structure), Some(member)) = (structure, member) else {
                    continue;
                };
                let Some(mismatch) =
                    self.paginator_member(path.key(key), structure, member, types, expected)
                else {
                    continue;
                };
                let lost = if key == "result_key" {
                    result_key = None;
                    "into_items"
                } else {
                    followable = false;
                    "into_paginator"
                };
                self.warn(
                    path.key(key),
                    format!(
                        "{mismatch}: operation {} is generated without `{lost}`",
                        quote(name)
                    ),
                );
            }
            if followable {
                if let (Some(input), Some(output)) = (input, output) {
                    if let Some(mismatch) = self.token_mismatch(
                        (input, &paginator.input_token),
                        (output, &paginator.output_token),
                    ) {
                        followable = false;
                        self.warn(
                            path.key("output_token"),
                            format!(
                                "{mismatch}: operation {} is generated without `into_paginator`",
                                quote(name)
                            ),
                        );
                    }
                }
            }
            if self.faults.len() == before && followable {
                lowered.insert(
                    name.clone(),
                    Paginator {
                        input_token: paginator.input_token.clone(),
                        output_token: paginator.output_token.clone(),
                        more_results: more_results.cloned(),
                        limit_key: paginator.limit_key.clone(),
                        result_key: result_key.cloned(),
                    },
                );
            }
        }
        lowered
    }

    /// How the paginator's input and output tokens (each a structure and a member of it, both
    /// already checked to be strings or maps) cannot carry the same value, if they cannot: a
    /// token is read from one page's output and sent in the next input, so the two must be
    /// plain strings (not enums) or members of the same shape.
    pub(super) fn token_mismatch(
        &self,
        input: (&str, &str),
        output: (&str, &str),
    ) -> Option<String> {
        let target = |(structure, member): (&str, &str)| {
            let shape = self.lookup(structure)?;
            let name = &shape.members.as_ref()?.get(member)?.shape;
            Some((name, self.lookup(name)?))
        };
        let ((in_name, in_shape), (out_name, out_shape)) = (target(input)?, target(output)?);
        let plain_string = |shape: &raw::Shape| {
            shape.shape_type == ShapeType::String && shape.enum_values.is_none()
        };
        if plain_string(in_shape) && plain_string(out_shape)
            || in_name == out_name && in_shape.shape_type == ShapeType::Map
        {
            return None;
        }
        Some(format!(
            "the input token {} ({}) and the output token {} ({}) do not hold the same kind of value",
            quote(input.1),
            quote(in_name),
            quote(output.1),
            quote(out_name)
        ))
    }

    /// Checks that `member` is a member of `structure`, reporting a fault if not; says how its
    /// type differs from `types`, if it does.
    pub(super) fn paginator_member(
        &mut self,
        path: JsonPath,
        structure: &str,
        member: &str,
        types: &[ShapeType],
        expected: &str,
    ) -> Option<String> {
        let shape = self.lookup(structure)?;
        let Some(target) = shape
            .members
            .as_ref()
            .and_then(|members| members.get(member))
        else {
            self.fault(
                path,
                format!("{} is not a member of {}", quote(member), quote(structure)),
            );
            return None;
        };
        let target_shape = self.lookup(&target.shape)?;
        (!types.contains(&target_shape.shape_type)).then(|| {
            format!(
                "member {} of {} is {}, expected {expected}",
                quote(member),
                quote(structure),
                a_shape(target_shape.shape_type)
            )
        })
    }
}
