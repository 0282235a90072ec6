//! Naming, before anything is built: every Rust name the service's code uses is given out
//! here, in the model's order, from the namespace it must be unique in, so that the shapes and
//! operations are built with their names and nothing is renamed afterwards. Shapes and input
//! copies get their [`ShapeId`]s here too.
//!
//! Faults: a shape or operation name that is not a valid name.

use super::*;

/// A copy of an input structure that several operations share.
pub(super) struct InputCopy {
    /// The copy's name, which is also its type name.
    pub(super) name: String,
    /// The structure copied.
    pub(super) of: String,
}

impl<'a> Lower<'a> {
    /// Gives out every name: type names, operation names, input copies, shape ids, and the
    /// `validate` module's check functions.
    pub(super) fn name_everything(&mut self) {
        self.check_shape_names();
        self.check_operation_names();
        self.input_copies = input_copies(self.raw, &mut self.types);
        self.give_ids();
        self.name_check_fns();
    }

    /// Shape names are model names; the shapes that become Rust types (structures and enums)
    /// get type names from the service module's [`Namespace`], in the model's order. Other
    /// shapes become Rust's own types (`String`, `i32`, `Vec<_>`), so `boolean` and `Boolean`
    /// may both be there.
    pub(super) fn check_shape_names(&mut self) {
        let mut types = Namespace::reserving(naming::SERVICE_MODULE_TYPES);
        for name in self.raw.shapes.keys() {
            if !naming::is_model_name(name) {
                self.fault(
                    shapes_path(name),
                    format!("invalid shape name, {NAME_RULE}"),
                );
                continue;
            }
            let becomes_type = self.lookup(name).is_some_and(|shape| {
                shape.shape_type == ShapeType::Structure || shape.enum_values.is_some()
            });
            if !becomes_type {
                continue;
            }
            let type_name = types.claim(naming::type_name(name));
            self.type_names.insert(name.clone(), type_name);
        }
        self.types = types;
    }

    /// The Rust type name of shape `name`: the one the service module's namespace gave it, or
    /// (for a shape that becomes no type of its own) its plain conversion.
    pub(super) fn type_name(&self, name: &str) -> String {
        self.type_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::type_name(name))
    }

    /// Operation names are model names; their client (and server) method names and their
    /// type names (the base of `<Operation>Error` and `<Operation>Input`) come from their
    /// namespaces, in the model's order.
    pub(super) fn check_operation_names(&mut self) {
        let mut methods = Namespace::reserving(naming::CLIENT_METHODS);
        let mut types = Namespace::default();
        for name in self.raw.operations.keys() {
            if !naming::is_model_name(name) {
                self.fault(
                    operation_path(name),
                    format!("invalid operation name, {NAME_RULE}"),
                );
                continue;
            }
            let names = (
                methods.claim(naming::method_name(name)),
                types.claim(naming::type_name(name)),
            );
            self.operation_names.insert(name.clone(), names);
        }
    }

    /// Every name the model gives a shape (well formed or not), and every copied input, gets
    /// an id, in name order: ordering ids orders shapes by name.
    fn give_ids(&mut self) {
        let mut names: Vec<&String> = self
            .raw
            .shapes
            .keys()
            .chain(self.input_copies.values().map(|copy| &copy.name))
            .collect();
        names.sort();
        self.ids = names
            .into_iter()
            .enumerate()
            .map(|(index, name)| (name.clone(), ShapeId::new(index)))
            .collect();
    }

    /// A check function for each shape that is not a structure (`check_<type name>`), in the
    /// model's order, from the `validate` module's namespace.
    fn name_check_fns(&mut self) {
        use heck::ToSnakeCase;
        for (name, shape) in &self.raw.shapes {
            let Some(shape) = shape else { continue };
            if shape.shape_type == ShapeType::Structure {
                continue;
            }
            let snake = naming::bare(&self.type_name(name)).to_snake_case();
            let check_fn = self.validate_names.claim(format!("check_{snake}"));
            self.check_fns.insert(name.clone(), check_fn);
        }
    }

    /// A `static` per distinct pattern of `shapes` (strings that are not enums), after the
    /// check functions in the `validate` module's namespace, named after the shapes that use
    /// it in the model's order (all of them, up to three: `KEY_OR_TAG_KEY_PATTERN`; else the
    /// first and how many more: `CONFIGURATION_SET_NAME_OR_ARN_AND_11_MORE_PATTERN`).
    pub(super) fn name_pattern_statics(
        &mut self,
        shapes: &BTreeMap<String, Shape>,
    ) -> BTreeMap<Pattern, String> {
        use heck::ToShoutySnakeCase;
        let mut users: Vec<(Pattern, Vec<String>)> = Vec::new();
        for name in self.raw.shapes.keys() {
            let Some(Shape {
                type_name,
                kind:
                    ShapeKind::String(StringShape {
                        pattern: Some(pattern),
                        enum_values: None,
                        ..
                    }),
                ..
            }) = shapes.get(name)
            else {
                continue;
            };
            let user = naming::bare(type_name).to_shouty_snake_case();
            match users.iter_mut().find(|(p, _)| p == pattern) {
                Some((_, list)) => list.push(user),
                None => users.push((pattern.clone(), vec![user])),
            }
        }
        users
            .into_iter()
            .map(|(pattern, users)| {
                let base = if users.len() <= 3 {
                    users.join("_OR_")
                } else {
                    format!("{}_AND_{}_MORE", users[0], users.len() - 1)
                };
                (
                    pattern,
                    self.validate_names.claim(format!("{base}_PATTERN")),
                )
            })
            .collect()
    }
}

/// Gives each operation an input type of its own, since an operation's input type is what
/// identifies it to the client and the server: operation name → the copy of its input it
/// gets. An input structure that several operations share (DynamoDB's
/// `KinesisStreamingDestinationInput`) stays the input of one of them, the one it is named
/// after (`<Operation>Input` or `<Operation>Request`), else the first by name; each of the
/// others gets a copy named `<Operation>Input` (or, if a shape or type has that name, the
/// first free `<Operation>Input<N>`), from the service module's namespace `types`.
fn input_copies(raw: &RawService, types: &mut Namespace) -> BTreeMap<String, InputCopy> {
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, operation) in &raw.operations {
        if let Some(input) = operation.as_ref().and_then(|op| op.input.as_ref()) {
            users.entry(&input.shape).or_default().push(name);
        }
    }
    let mut copies = BTreeMap::new();
    for (input, mut users) in users.into_iter().filter(|(_, users)| users.len() > 1) {
        users.sort_unstable();
        let owner = users
            .iter()
            .find(|op| input == format!("{op}Input") || input == format!("{op}Request"))
            .unwrap_or(&users[0]);
        for operation in users.iter().filter(|op| *op != owner) {
            let mut name = types.claim(format!("{operation}Input"));
            while raw.shapes.contains_key(&name) {
                name = types.claim(name);
            }
            copies.insert(
                (*operation).to_owned(),
                InputCopy {
                    name,
                    of: input.to_owned(),
                },
            );
        }
    }
    copies
}
