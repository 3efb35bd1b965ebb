"""English message templates of request settings: an explainer's inputs, a run's training settings and a shared
workspace (the 422 answers that are not about the graph)."""

TEMPLATES: dict[str, str] = {
    # explainers (lessons/explainers/)
    "masks_differ": "the prediction is {prediction} but the target is {target}; paint both masks the same size",
    "masks_empty": "both masks are empty, so Dice is 0/0; paint a pixel or set smooth to 1",
    "smooth_close": "smooth > 0: 2J/(1+J) is close",
    "mask_rows_differ": "the rows of the {mask} have different lengths; give every row the same number of pixels",
    "mask_prediction": "prediction",
    "mask_target": "target",
    "label_beyond_classes": "labels name class {label} but model {model} gives {count} probabilities per row; lower "
                            "the label or add a column",
    "rows_not_labels": "model {model} has {rows} rows but there are {labels} labels; give one row per label",
    "rows_differ": "model {model}'s rows have different lengths {lengths}; give every row one probability per class",
    "row_not_one": "row {row} of model {model} sums to {total:.3f}, not 1; probabilities of all classes add up to 1",
    "graph_needs_dataset": "a graph needs its dataset (it sets the input shape); add dataset",
    "template_or_graph": "choose a template or send a graph",
    # a shared workspace (api/links.py)
    "upload_not_shareable": "dataset {name!r} is an upload of this session, which other browsers cannot read; share "
                            "a workspace that uses a built-in dataset",
    "no_lesson_step": "lesson {id!r} has steps 0 to {last} (got {got})",
    "selected_not_in_graph": "selected node {node!r} is not in the graph",
    # a run's training settings (experiments.py, train/trainer.py)
    "loss_not_for_task": "loss '{loss}' does not fit this {kind} dataset; choose one of {allowed} (or none for the "
                         "default)",
    "no_cuda": "{device} is not available on this server (no CUDA GPU); use auto or cpu",
    "no_such_gpu": "{device} does not exist; this server has {count} GPU(s)",
    "no_mps": "mps is not available on this server; use auto or cpu",
    "names_missing_node": "{setting} names node '{node}', which is not in the graph",
    "all_frozen": "every node with parameters is frozen; unfreeze at least one",
    "every_parameter_frozen": "every parameter is frozen; unfreeze at least one node",
    "patience_needs_validation": "early stopping watches a validation split; set validation_ratio above 0 (e.g. 0.2)",
    "finetune_needs_init_from": "finetune_lr applies to the parameters loaded by init_from; set init_from or remove "
                                "finetune_lr",
    "source_not_found": "init_from: experiment '{id}' not found in this session",
    "source_without_checkpoint": "init_from: experiment '{id}' has no checkpoint yet; train it (or pause it) first",
    "nothing_to_change": "nothing to change; send at least one setting",
    "optimizer_lacks": "{optimizer} has no {setting}; choose another optimizer for it",
    "finetune_needs_init_run": "finetune_lr needs a run started with init_from",
    "compare_ids": "ids: give 1 to 20 comma-separated experiment ids",
    "options_not_object": 'options must be a JSON object, e.g. {{"bins": 32}}',
}
