# TransKD-GL: TransKD-Base with the GL-Mixer before PEA on the stage-4 patch embedding.
_base_ = ['./transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_offline-street-128x256.py']

model = dict(
    distiller=dict(
        connectors=dict(pe4=[
            dict(type='TransKDGLMixerConnector', channels=_base_.student_dims[3], num_heads=8,
                 local_conv='2d'),
            dict(type='TransKDPEAConnector', student_channels=_base_.student_dims[3],
                 teacher_channels=_base_.teacher_dims[3])
        ]),
        # the mixer needs the token grid: the whole (tokens, hw) record
        loss_forward_mappings=dict(loss_embed4=dict(preds_S=dict(data_idx=None)))))
