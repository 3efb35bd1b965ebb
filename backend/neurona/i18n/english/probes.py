"""English message templates of the probes: why a view cannot watch this run, node or sample (probes/)."""

TEMPLATES: dict[str, str] = {
    "unknown_probe": "unknown probe '{probe}'; choose one of {known}",
    "probe_at_node": "{probe} {problem} (node '{node}')",
    "probe_tasks": "applies to the tasks {tasks}; this dataset poses {task}",
    "probe_kinds": "applies to {kinds} datasets; this one is {kind}",
    "probe_layers": "applies to {layers} nodes; this one is {layer}",
    "probe_categories": "applies to {categories} layers; {layer} is {category}",
    "probe_needs_parameters": "needs a node with parameters; this {layer} has none",
    "probe_needs_matrix": "needs a weight matrix or kernel (a parameter of two or more dimensions); this {layer} has "
                          "none",
    "probe_ranks": "needs an output of rank {ranks}; this one has rank {rank}",
    "or_separator": " or ",
    "sample_out_of_range": "sample {sample} is out of range: the test set has {count} examples (0 to {last})",
    "probe_whole_model": "{probe} looks at the whole model; leave node out",
    "probe_one_node": "{probe} looks at one node; say which in node",
    "node_not_in_graph": "node '{node}' is not in the graph",
    "grad_cam_needs_conv": "grad_cam needs a convolution node with a C × H × W output; this model has none: choose "
                           "another options.method",
    "not_a_conv_node": "options.layer '{layer}' is not a convolution node with a C × H × W output; choose one of "
                       "{choices}",
    "no_conv_nodes": "none (this model has none)",
    "prior_needs_own_decoder": "the output '{output}' does not follow from '{node}' alone: '{blocker}' also reads "
                               "'{other}'; decoding codes from the prior needs a decoder fed by the Sampling node only",
    "grid_needs_two_values": "options.layout grid lays out a code of 2 values; '{node}' draws {size} (give the mean "
                             "and log_var layers out_features 2)",
    "grid_count_square": "options.count must be a square from 4 to 64 for the grid layout (side × side); got {count}",
    "no_such_attention": "node '{node}' has no {attention} attention (it has: {held}); set options.attention to one "
                         "of those",
    "no_such_op": "options.op {op} is not an operation of this graph (0 to {last})",
}
