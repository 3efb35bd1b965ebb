"""English message templates of the shape rules (layers/) and of the inspector's shape arithmetic."""

TEMPLATES: dict[str, str] = {
    # what an input must look like, and how to get there (layers/rules.py)
    "flat_vector_needed": "Linear takes a flat vector but gets a {rank}-D tensor {shape}; add a Flatten before it",
    "wrong_rank": "{layer} takes {what} but gets a {rank}-D tensor {shape}; {hint}",
    "port_of": "{layer}'s {port}",
    "layout_sequence": "a sequence of channels × length",
    "layout_image": "an image (channels × height × width)",
    "layout_features": "a sequence (length × features)",
    "layout_features_or_channels": "features (C) or channels × length (C×L)",
    "layout_positions": "channels × positions (e.g. channels × height × width)",
    "add_reshape": "add a Reshape (e.g. to {example}) before it",
    "reshape_to_axes": "reshape it to {axes} axes",
    "hint_batchnorm2d": "use BatchNorm2d for images, or Flatten first",
    "hint_after_convolution": "it averages each channel, so put it after a convolution",
    "hint_embedding_first": "put an Embedding, a Reshape or a Permute before it",
    "hint_after_embedding": "put it after an Embedding or a PatchEmbed",
    "hint_summarises_sequence": "it summarises a sequence into one vector",
    "hint_use_linear": "use Linear for a flat vector",
    "hint_encoder_output": "connect it to an encoder's output sequence",
    # normalisation, shape and merge layers
    "too_many_axes": "axes {axes} is more than the {rank} axes of its input {shape}; use axes ≤ {rank}",
    "branches_differ": "mean is {mean} but log_var is {log_var}; give both branches the same shape (e.g. the same "
                       "out_features)",
    "reshape_unsplittable": "{shape} holds {total} values, which do not split into {target} (the other sizes "
                            "multiply to {known}); choose sizes that divide {total}",
    "reshape_mismatch": "Reshape cannot turn {shape} ({total} values) into {target} ({known} values); the sizes "
                        "must multiply to {total} (or use -1 for one of them)",
    "permute_dims": "dims {dims} must list each axis of the {rank}-D input {shape} once ({axes} in the order you "
                    "want)",
    "merge_ranks_differ": "{layer} needs inputs with the same number of axes, but a is {a} and b is {b}; reshape or "
                          "flatten one branch",
    "merge_axis_differs": "{layer} inputs differ on axis {axis} ({x} vs {y}); give both branches the same size (an "
                          "axis of size 1 also works: it is repeated to fit)",
    "concat_no_axis": "axis {axis} does not exist in {rank}-D inputs {shape}; use 0 to {last} (or -1 for the last)",
    "concat_axis_differs": "Concat inputs differ on axis {axis} ({x} vs {y}); only the joined axis {joined} may "
                           "differ, so resize one branch (pool, upsample, pad) or join along another axis",
    "softmax_no_dim": "dim {dim} does not exist in a {rank}-D input {shape}; use -1",
    # sequences and attention
    "max_len_short": "the sequence has {positions} positions but max_len is {max_len}; raise max_len to at least "
                     "{positions}",
    "dropout_needs_layers": "dropout acts between stacked layers, so it needs num_layers ≥ 2; raise num_layers or "
                            "set dropout to 0",
    "heads_indivisible": "embed_dim {dim} is not divisible by num_heads {heads}; pick num_heads that divides {dim} "
                         "({choices}) or change the features before it",
    "key_value_lengths": "key has {keys} positions but value has {values}; connect key and value to sequences of the "
                         "same length (usually the same node)",
    "patches_do_not_fit": "the {size} image does not split into {patch}×{patch} patches; pick a patch_size that "
                          "divides both {height} and {width} ({hint})",
    "for_example": "e.g. {choices}",
    "only_one_divides": "only 1 divides both; Reshape or pool first",
    # windows: convolution, pooling, unpooling (layers/conv.py)
    "kernel_too_large": "kernel {kernel} is larger than its padded {size} input; lower kernel_size or add padding",
    "dilated_kernel_too_large": "dilated kernel {reach} (kernel {kernel}, dilation {dilation}) is larger than its "
                                "padded {size} input; lower kernel_size or dilation, or add padding",
    "pool_padding_too_large": "padding {padding} is more than half of kernel_size {kernel}; use padding ≤ {half} or "
                              "a larger kernel",
    "window_only_padding": "with dilation {dilation} and padding {padding}, a window at the border of the {size} "
                           "input holds only padding; lower padding or dilation",
    "groups_indivisible": "{side} channels {channels} are not divisible by groups {groups}; pick groups that "
                          "divides both {inputs} and {outputs} (1 always works)",
    "side_input": "input",
    "side_output": "output",
    "same_needs_stride": 'padding "same" needs stride 1 (got {stride}); give padding as a number, e.g. {example}',
    "output_padding_too_large": "output_padding {output_padding} must be smaller than stride {stride} (or dilation "
                                "{dilation}); lower it",
    "padding_trims_all": "padding {padding} trims away the whole output ({size}); lower padding",
    "unpool_channels": "in has {channels} channels but skip has {skip}; the values to unpool need one channel per "
                       "pooled channel, so change the last convolution's out_channels",
    "unpool_size": "pooling the {skip} skip with this window gives {pooled}, but in is {size}; connect skip to the "
                   "input of the MaxPool2d whose features reach in, and use that MaxPool2d's kernel_size, stride and "
                   "padding",
    # the inspector's arithmetic, one line per axis ("H: ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28" needs no words)
    "explain_same": '{axis}: padding "same" keeps {size}',
    "explain_unpooled": "{line} pooled positions; unpooled back to {size}",
    "explain_patches": "tokens: ({height}/{patch})·({width}/{patch}) = {count} patches",
    "explain_class_token": "{patches} + 1 class token = {total}",
    "explain_features": "features: {dim} (embed_dim)",
}
