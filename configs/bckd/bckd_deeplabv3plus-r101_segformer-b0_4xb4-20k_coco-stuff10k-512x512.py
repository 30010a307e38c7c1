# BCKD, Table IV pair: DeepLabV3+-R101 -> SegFormer-B0 on COCO-Stuff 10k. mmseg has no
# DeepLabV3+ COCO-Stuff config: the teacher is its ADE20K model with 171 classes.
# Supply the teacher checkpoint at checkpoints/deeplabv3plus_r101-d8_coco-stuff10k.pth.
_base_ = ['./_base_/segformer_mit-b0_4xb4-20k_coco-stuff10k-512x512.py',
          './_base_/bckd_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmseg::deeplabv3plus/deeplabv3plus_r101-d8_4xb4-80k_ade20k-512x512.py',
        pretrained=False,
        decode_head=dict(num_classes=171), auxiliary_head=dict(num_classes=171)),
    teacher_ckpt='checkpoints/deeplabv3plus_r101-d8_coco-stuff10k.pth',
    distiller=dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=[32, 64, 160, 256]),
        fusion_T=_base_.teacher_fusion)))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
