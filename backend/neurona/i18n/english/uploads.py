"""English message templates of uploads: the form, the session's quota, and what is wrong inside a CSV, a zip of
images or a text file (api/receive.py, api/uploads.py, data/uploads/). The place (file, row, column) is put
before them by `UploadProblem` (`upload_where` in graph.py)."""

TEMPLATES: dict[str, str] = {
    # the form and the session
    "upload_too_large": "the file{size} is larger than this server accepts ({limit:,.1f} MB, NEURONA_MAX_UPLOAD_MB); "
                        "upload a smaller file",
    "upload_size": " of {size:,.1f} MB",
    "send_multipart": "send the upload as multipart/form-data with the fields kind, options and file",
    "send_one_file": "send exactly one file, in the form field named file",
    "form_field_too_long": "the form field {name!r} is longer than {limit} KB",
    "no_file_sent": "no file was sent; send it in the form field named file",
    "too_many_uploads": "this session already keeps {count} uploads, the most this server allows "
                        "(NEURONA_MAX_UPLOADS); delete one first",
    "upload_kind": "kind must be one of {kinds} (got {got!r})",
    "upload_options_json": "options must be a JSON object ({error})",
    # a CSV table (data/uploads/tables.py)
    "too_many_rows": "the file has more than {limit:,} data rows, the most this server imports "
                     "(NEURONA_MAX_UPLOAD_ROWS); upload fewer rows",
    "row_width": "has {values} values but the header has {columns} columns; every row needs one value per column "
                 "(check for a missing or extra comma)",
    "no_target_value": "has no value to predict; fill in the target of every row or remove the row",
    "too_few_rows": "has {rows} data rows; a dataset needs at least {least} (one header row, then one row per example)",
    "value_too_long": "has a value longer than {limit} characters; values must be numbers (or class names) and quotes "
                      "must be closed",
    "csv_not_utf8": "is not UTF-8 text; save the file as CSV (UTF-8) and upload it again",
    "csv_invalid": "is not valid CSV ({error}); check the quotes and separators of this row",
    "csv_empty": "is empty; upload a CSV file with a header row and one row per example",
    "too_many_columns": "has {columns} columns, more than this server imports ({limit}, NEURONA_MAX_UPLOAD_COLUMNS)",
    "too_few_columns": "has fewer than 2 columns; a CSV needs at least one feature column and the target column, "
                       "separated by commas",
    "header_is_numbers": "the first row must be a header naming each column, but it holds numbers; add a header row",
    "column_names_clash": "{what}; give every column a different name in the header",
    "column_without_name": "column {column} has no name",
    "column_name_twice": "the column name {name!r} appears twice",
    "no_target_column": "has no column {target!r} to predict; choose the target among {columns}",
    "one_class_only": "the target column {target!r} holds one class only; classification needs at least two",
    "too_many_classes": "the target column {target!r} holds {count} different values, more than {limit} classes; "
                        "choose task regression for a numeric target",
    # a text file (data/uploads/text.py)
    "text_too_large": "is {size:.1f} MB of text, more than {limit:.1f} MB (NEURONA_MAX_TEXT_MB); upload a shorter text",
    "text_not_utf8": "is not UTF-8 text; save it as plain text (UTF-8) and upload it again",
    "text_has_nul": "holds NUL characters, so it is not plain text; upload a .txt file",
    "too_many_characters": "uses {count} different characters, more than {limit}; upload plain text in one or a few "
                           "languages",
    "text_too_short": "has {count} characters; with length {length} it makes {windows} examples and at least {least} "
                      "are needed: upload a longer text or choose a shorter length",
    # a zip of image folders (data/uploads/archive.py)
    "not_a_zip": "is not a zip archive; upload a .zip with one folder of images per class",
    "too_few_class_folders": "holds {count} class folder(s); put the images of each class in its own folder, at least "
                             "two folders",
    "too_many_class_folders": "holds {count} class folders, more than {limit}",
    "zip_bomb_total": "would unpack to {declared:,.0f} MB from {packed:,.1f} MB; that is more than this server unpacks "
                      "({limit:,.0f} MB, ratio {ratio:.0f}, NEURONA_MAX_UNZIPPED_MB): refused as a possible zip bomb",
    "too_many_images": "holds {count:,} files, more than {limit:,} images (NEURONA_MAX_UPLOAD_IMAGES); upload fewer",
    "no_images": "holds no images; put one folder of PNG or JPEG images per class in the zip",
    "image_folder_layout": "{hint}; the zip must hold one folder per class with the images directly in it (e.g. "
                           "cats/1.png, dogs/2.png)",
    "not_in_class_folder": "is not inside a class folder",
    "in_nested_folder": "is in a nested folder",
    "path_escapes": "has an absolute path or '..' in its name; refused (paths must stay inside the zip)",
    "symbolic_link": "is a symbolic link; refused (put the image itself in the zip)",
    "zip_bomb_member": "would unpack {packed:,} bytes to {size:,}; refused as a possible zip bomb",
    "image_format": "is a {format} image; only PNG and JPEG are imported (convert it)",
    "image_too_large": "is {width}×{height} pixels, more than {limit:,} (NEURONA_MAX_IMAGE_PIXELS); shrink it",
    "image_undecodable": "is not a PNG or JPEG image (it cannot be decoded); remove it from the zip",
    "unpacks_beyond_size": "unpacks to more than its declared size; refused as a possible zip bomb",
    "cannot_unpack": "cannot be unpacked ({error}); make the zip again",
}
