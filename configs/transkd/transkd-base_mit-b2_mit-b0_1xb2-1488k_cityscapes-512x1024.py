# TransKD-Base (Table II): SegFormer-B2 teacher -> non-pretrained SegFormer-B0, Cityscapes,
# TransKD's protocol. teacher_ckpt: a SegFormer-B2 Cityscapes checkpoint you supply (e.g.
# mmseg's segformer_mit-b2_8xb1-160k_cityscapes-1024x1024 release, saved under checkpoints/).
_base_ = ['./segformer_mit-b0_1xb2-1488k_cityscapes-512x1024.py',
          './_base_/transkd_distiller.py']
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmseg::segformer/segformer_mit-b2_8xb1-160k_cityscapes-1024x1024.py'
teacher_ckpt = 'checkpoints/segformer_mit-b2_cityscapes.pth'
student_dims = [32, 64, 160, 256]
teacher_dims = [64, 128, 320, 512]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False, backbone=dict(init_cfg=None)),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(_base_.transkd_distiller, connectors=dict(
        csf=dict(type='TransKDCSFConnector', in_channels=student_dims,
                 out_channels=teacher_dims, mid_channels=64),
        **{f'pe{i}': dict(type='TransKDPEAConnector', student_channels=student_dims[i - 1],
                          teacher_channels=teacher_dims[i - 1]) for i in range(1, 5)})))

# the variants' changes to this distiller; a variant leaf is
# model = dict(distiller=_base_.ea_distiller) (or gl_distiller) over a TransKD-Base leaf.
# EA (Table II): an Embedding Assistant added to PEA at every stage.
embed_inputs = [3] + student_dims[:3]  # image, then the previous student stage map
ea_distiller = dict(
    # EA needs what enters each student patch embedding as well as its tokens
    student_recorders={f'embed{i}': dict(type='ModuleInputsOutputs') for i in range(1, 5)},
    connectors={
        f'pe{i}': dict(
            _delete_=True, type='TransKDEAConnector',
            student_channels=student_dims[i - 1],
            teacher_channels=teacher_dims[i - 1], in_channels=embed_inputs[i - 1],
            kernel_size=7 if i == 1 else 3, stride=4 if i == 1 else 2,
            mix_init=(0.1 * i, 0.1 * (i + 4)))
        for i in range(1, 5)},
    loss_forward_mappings={
        f'loss_embed{i}': dict(preds_S=dict(data_idx=None)) for i in range(1, 5)})
# GL (Table II): the GL-Mixer before PEA on the stage-4 embedding.
gl_distiller = dict(
    connectors=dict(pe4=[
        dict(type='TransKDGLMixerConnector', channels=student_dims[3], num_heads=8,
             local_conv='2d'),
        dict(type='TransKDPEAConnector', student_channels=student_dims[3],
             teacher_channels=teacher_dims[3])
    ]),
    # the mixer needs the token grid: the whole (tokens, hw) record
    loss_forward_mappings=dict(loss_embed4=dict(preds_S=dict(data_idx=None))))

val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
