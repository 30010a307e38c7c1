# BCKD, Table III pair: PSPNet-R101 -> PSPNet-R18 on Pascal VOC 2012 aug.
# Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_voc12aug.pth.
_base_ = ['./_base_/pspnet_r18-d8_4xb4-20k_voc12aug-512x512.py', './_base_/bckd_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::pspnet/pspnet_r101-d8_4xb4-20k_voc12aug-512x512.py',
        pretrained=False),
    teacher_ckpt='checkpoints/pspnet_r101-d8_voc12aug.pth',
    distiller=dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=[64, 128, 256, 512]),
        fusion_T=_base_.teacher_fusion)))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
