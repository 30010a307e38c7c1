# TransKD-EA (Table II): TransKD-Base plus an Embedding Assistant added to PEA at every stage.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-597k_nyuv2-480x640.py']

embed_inputs = [3] + _base_.student_dims[:3]  # image, then the previous student stage map
model = dict(
    distiller=dict(
        # EA needs what enters each student patch embedding as well as its tokens
        student_recorders={f'embed{i}': dict(type='ModuleInputsOutputs') for i in range(1, 5)},
        connectors={
            f'pe{i}': dict(
                _delete_=True, type='TransKDEAConnector',
                student_channels=_base_.student_dims[i - 1],
                teacher_channels=_base_.teacher_dims[i - 1], in_channels=embed_inputs[i - 1],
                kernel_size=7 if i == 1 else 3, stride=4 if i == 1 else 2,
                mix_init=(0.1 * i, 0.1 * (i + 4)))
            for i in range(1, 5)},
        loss_forward_mappings={
            f'loss_embed{i}': dict(preds_S=dict(data_idx=None)) for i in range(1, 5)}))
