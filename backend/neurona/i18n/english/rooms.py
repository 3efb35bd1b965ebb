"""What a classroom room's locks say when they refuse a student's request (rooms/locks.py)."""

TEMPLATES: dict[str, str] = {
    "room_locked_part": "the teacher of room '{code}' locked {what}, and {where} differs from what they shared; load "
                        "the shared preset again (Load shared, beside the room's code) or ask the teacher to unlock it",
    "room_locked_live": "the teacher of room '{code}' locked the training settings, so {where} cannot change while "
                        "this run trains; ask the teacher to unlock them",
    "room_locked_action": "the teacher of room '{code}' locked {what}; ask the teacher to unlock it",
    "room_part_graph": "the network",
    "room_part_dataset": "the data set",
    "room_part_training": "the training settings",
    "room_part_uploads": "uploading data",
    "room_part_export": "export",
}
