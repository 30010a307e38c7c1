# TransKD-GL (Table II): TransKD-Base plus the GL-Mixer before PEA on the stage-4 embedding.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-597k_nyuv2-480x640.py']

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
