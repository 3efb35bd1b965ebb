"""English message templates of the graph check (spec/analyze.py), task goals, request fields and uploads."""

TEMPLATES: dict[str, str] = {
    "at_node": "{node}: {message}",
    # the graph (spec/analyze.py)
    "duplicate_id": "two nodes share this id; rename one",
    "unknown_layer": "unknown layer type '{type}'; {hint}",
    "did_you_mean": "did you mean {name}?",
    "pick_from_palette": "pick one from the layer palette",
    "edge_to_nowhere": "an edge {source} → {target} points to a node that does not exist ({missing}); delete the edge",
    "edge_to_itself": "an edge connects this node to itself; delete it",
    "port_unconnected": "input '{port}' is not connected; draw an edge into it",
    "input_unconnected": "its input is not connected; draw an edge into it",
    "no_input": "the graph has no Input node; add one from the palette and connect it",
    "second_input": "a network has one Input, but '{first}' is one already; delete this one",
    "cycle": "is part of a cycle; a network must flow one way, so delete an edge of the loop",
    "no_output": "the graph has no output layer; connect a layer after the Input",
    "not_leading_to_output": "does not lead to the output '{output}'; connect it or delete it",
    "input_without_shape": "has no shape: declare one (e.g. 3, 224, 224) or choose a dataset",
    "output_shape": "the output has shape {shape} but this {kind} dataset needs {needed}",
    "shape_and_goal": "{shape} ({goal})",
    # what a task's output must be (tasks/builtin.py)
    "goal_two_classes": "1 unit or 2 units (two classes)",
    "goal_per_class": "one unit per class",
    "goal_one_value": "1 value: the prediction",
    "goal_sequence": "the target sequence: {count} value(s) at each of {steps} steps",
    "goal_target_shape": "the target sequence: the target's shape",
    "goal_mask": "one logit per pixel: the mask",
    "goal_pixel_scores": "{count} scores per pixel, one per class",
    "goal_input_shape": "the input's shape",
    "goal_token_scores": "one score per vocabulary token at each position",
    "no_inputs_taken": "{layer} takes no inputs, but an edge from {source} enters it",
    "no_such_port": "{layer} has no input port '{port}' (ports: {ports})",
    "port_taken": "two edges enter input '{port}' ({first} and {source}); a port takes one input, so delete one "
                  "edge (merging branches needs a node such as Add or Concat)",
    "output_not_a_node": "the output '{output}' is not a node of the graph; pick an existing node",
    "many_outputs": "the graph has {count} outputs ({outputs}); connect them into one, delete the extra ones, or "
                    "choose the output node",
    "input_shape_differs": "declares the shape {declared} but the dataset gives {given}; clear the Input's shape to "
                           "adopt the dataset's, or choose dataset options that give {declared}",
    "vocab_differs": "declares a vocabulary of {declared} tokens but the dataset has {given}; set vocab_size to "
                     "{given} or clear it",
    "task_needs_layer": "the {kind} task trains through a {layer} node (its loss needs it); add one, or pick another "
                        "target",
    # parameters and request fields (errors.describe_validation_error)
    "field_says": "{field} {problem}",
    "body_not_json": "the request body is not valid JSON ({error}); send a JSON object as docs/protocol.md describes",
    "body_not_utf8": "the request body is not valid JSON (it is not UTF-8 text); send a JSON object as "
                     "docs/protocol.md describes",
    "at_least": "must be ≥ {limit} (got {got!r})",
    "above": "must be > {limit} (got {got!r})",
    "at_most": "must be ≤ {limit} (got {got!r})",
    "below": "must be < {limit} (got {got!r})",
    "required": "is required",
    "unknown_field": "is not a known field; remove it",
    "whole_number": "must be a whole number (got {got!r})",
    "number": "must be a number (got {got!r})",
    "true_or_false": "must be true or false (got {got!r})",
    "text": "must be text (got {got!r})",
    "finite_number": "must be a finite number (got {got!r})",
    "at_most_items": "must have at most {limit} items or characters",
    "at_most_characters": "must be at most {limit} characters long",
    "one_of": "must be one of {expected} (got {got!r})",
    "between": "must be between {low} and {high} (got {got!r})",
    "at_least_items": "must list at least {limit} item(s)",
    # datasets (data/registry.py)
    "unknown_dataset": "unknown dataset {name!r}; {hint}available datasets: {known}",
    "did_you_mean_dataset": "did you mean {name!r}? ",
    "not_a_dataset_option": "is not an option of this dataset; remove it (known options: {known})",
    # uploads (data/uploads/)
    "upload_where": "{where}: {what}",
    "upload_row": "row {row}",
    "upload_column": "column {column!r}",
    "empty_cell": "is empty; feature columns must hold numbers (fill in or remove the row, or drop the column)",
    "not_a_number_cell": "holds {value!r}, which is not a number; feature columns must hold numbers (fill in or "
                         "remove the row, or drop the column)",
    "not_finite_cell": "holds {value!r}; values must be finite numbers",
}
