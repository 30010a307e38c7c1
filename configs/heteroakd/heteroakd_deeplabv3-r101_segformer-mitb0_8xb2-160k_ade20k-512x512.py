# HeteroAKD, CNN teacher (DeepLabV3-R101) -> Transformer student (SegFormer MiT-B0), ADE20K.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    'mmseg::segformer/segformer_mit-b0_8xb2-160k_ade20k-512x512.py',
    './_base_/heteroakd_distiller.py'
]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-80k_ade20k-512x512.py',
                 pretrained=False),
    teacher_ckpt='checkpoints/heteroakd/deeplabv3-r101_ade20k.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=256, num_classes=150),
        proj_T=dict(type='LogitSpaceProjector', in_channels=2048, num_classes=150))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
