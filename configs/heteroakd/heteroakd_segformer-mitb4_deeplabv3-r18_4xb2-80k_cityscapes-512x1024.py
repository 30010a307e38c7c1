# HeteroAKD, Transformer teacher (SegFormer MiT-B4) -> CNN student (DeepLabV3-R18), Cityscapes.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    'mmseg::deeplabv3/deeplabv3_r18-d8_4xb2-80k_cityscapes-512x1024.py',
    './_base_/heteroakd_distiller.py'
]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmseg::segformer/segformer_mit-b4_8xb1-160k_cityscapes-1024x1024.py',
                 pretrained=False),
    teacher_ckpt='checkpoints/heteroakd/segformer-mitb4_cityscapes.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=512, num_classes=19),
        proj_T=dict(type='LogitSpaceProjector', in_channels=512, num_classes=19))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
