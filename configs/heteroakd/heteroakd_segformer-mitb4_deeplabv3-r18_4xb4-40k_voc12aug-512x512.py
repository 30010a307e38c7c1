# HeteroAKD, Transformer teacher (SegFormer MiT-B4) -> CNN student (DeepLabV3-R18), Pascal VOC aug.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    './_base_/deeplabv3_r18-d8_4xb4-40k_voc12aug-512x512.py',
    './_base_/heteroakd_distiller.py'
]

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmseg::segformer/segformer_mit-b4_8xb2-160k_ade20k-512x512.py',
                 pretrained=False, decode_head=dict(num_classes=21)),
    teacher_ckpt='checkpoints/heteroakd/segformer-mitb4_voc12aug.pth',
    distiller=dict(_base_.heteroakd_distiller, connectors=dict(
        proj_S=dict(type='LogitSpaceProjector', in_channels=512, num_classes=21),
        proj_T=dict(type='LogitSpaceProjector', in_channels=512, num_classes=21))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
