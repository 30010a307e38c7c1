# HeteroAKD, Transformer teacher (SegFormer MiT-B4) -> CNN student (DeepLabV3-R18), Pascal VOC aug.
# The teacher checkpoint is supplied by the user (train the teacher config on this dataset or
# convert a released one) at the path below. Projectors: last backbone stage of each model.
_base_ = [
    'mmseg::deeplabv3/deeplabv3_r50-d8_4xb4-40k_voc12aug-512x512.py',
    './_base_/heteroakd_logits.py'
]
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

student = _base_.model
# DeepLabV3-R18 student: mmseg's R50 config at depth 18 (as mmseg's Cityscapes R18 config).
student.update(pretrained='open-mmlab://resnet18_v1c')
student.backbone.depth = 18
student.decode_head.update(in_channels=512, channels=128)
student.auxiliary_head.update(in_channels=256, channels=64)
distiller = _base_.heteroakd_distiller
distiller.connectors.proj_S.update(in_channels=512, num_classes=21)
distiller.connectors.proj_T.update(in_channels=512, num_classes=21)
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=student,
    teacher=dict(cfg_path='mmseg::segformer/segformer_mit-b4_8xb2-160k_ade20k-512x512.py',
               pretrained=False, decode_head=dict(num_classes=21)),
    teacher_ckpt='checkpoints/heteroakd/segformer-mitb4_voc12aug.pth',
    distiller=distiller)

custom_hooks = _base_.heteroakd_hooks  # 2000 GT-only warm-up iterations
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
