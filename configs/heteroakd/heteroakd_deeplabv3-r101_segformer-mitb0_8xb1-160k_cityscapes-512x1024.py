# HeteroAKD, CNN teacher (DeepLabV3-R101) -> Transformer student (SegFormer MiT-B0), Cityscapes.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    './_base_/segformer_mit-b0_8xb1-160k_cityscapes-512x1024.py',
    './_base_/heteroakd_distiller.py'
]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py',
                 pretrained=False),
    teacher_ckpt='checkpoints/heteroakd/deeplabv3-r101_cityscapes.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=256, num_classes=19),
        proj_T=dict(type='LogitSpaceProjector', in_channels=2048, num_classes=19))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
