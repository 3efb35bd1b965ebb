"""English message templates of refused requests: what is not found (404), what cannot be done now (409), what is
too large or too often (413, 429), and why the server will not train a model."""

TEMPLATES: dict[str, str] = {
    # not found (404)
    "no_experiment": "experiment '{id}' not found",
    "no_probe": "probe '{probe}' not found; GET /api/probes lists them",
    "no_upload": "upload '{id}' not found",
    "no_lesson": "no lesson {id!r}; GET /api/lessons lists them: {known}",
    "no_explainer": "no explainer {name!r}; GET /api/explainers lists them: {known}",
    "no_link": "no link {id!r}; check that the address was copied whole",
    # cannot be done now (409): "cannot start experiment 'x': it has finished; ..."
    "cannot_act": "cannot {action} experiment '{id}': {reason}",
    "do_start": "start", "do_pause": "pause", "do_resume": "resume", "do_step": "step", "do_stop": "stop",
    "cannot_start_variant": "cannot start '{name}': {reason}",
    "cannot_change_settings": "cannot change the settings of experiment '{id}': {reason}",
    "it_finished": "it has finished; create a new experiment to train again",
    "it_stopped": "it was stopped; create a new experiment to train again",
    "it_failed": "it failed; fix the problem and create a new experiment",
    "it_interrupted": "it was interrupted (the server restarted, or the machine training it was lost); resume it "
                      "(from its last checkpoint, or from the start when it saved none)",
    "it_is": "it is {status}",
    "it_is_now": "it is now {status}",
    "it_was_deleted": "it was deleted",
    "no_weights_yet": "experiment '{id}' has no trained weights yet: start it (or take a step) and pause or stop "
                      "it, then export its weights",
    "unsaved_graph_no_weights": "format {format} needs trained weights, and an unsaved graph has none; create and "
                                "train an experiment, then export it with GET /api/experiments/{{id}}/export",
    # too large to train here (train/budget.py), refused when a run starts
    "too_many_parameters": "the model has {count:,} parameters; this server allows at most {limit:,}; make the "
                           "model smaller",
    "too_much_memory": "the model needs about {needed} of activations for {what}; this server allows {allowed} "
                       "(NEURONA_MAX_ACTIVATION_MB); {remedy}{largest}",
    "pass_training": "training at batch {batch}",
    "pass_training_all": "training at batch {batch} (the whole training set)",
    "pass_evaluating": "measuring the loss on {count} examples",
    "pass_boundary": "drawing the decision boundary ({side}×{side} points)",
    "lower_batch_or_shrink": "lower batch_size or make the model smaller",
    "shrink_model": "make the model smaller",
    "largest_node": " (node '{node}' alone outputs {size} per example)",
    # too large or too often (413, 429)
    "body_too_large": "the request body {size}is larger than this server accepts ({limit:,} KB, "
                      "NEURONA_MAX_BODY_KB); send a smaller request",
    "body_size": "of {size:,} KB ",
    "link_too_large": "the workspace takes {size:.0f} KB and a link holds at most {limit} KB (NEURONA_MAX_LINK_KB); "
                      "share a smaller graph",
    "too_many_links": "this session made {count} links in the last hour, the most NEURONA_MAX_LINKS_PER_HOUR "
                      "allows; reuse one or try again later",
}
