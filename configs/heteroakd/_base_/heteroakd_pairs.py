# HeteroAKD's paper-scale pairs, each written once: the teacher (its config, the checkpoint the
# user supplies at checkpoints/heteroakd/<teacher>_<dataset>.pth) and the two projectors of the
# last backbone stages (channels of the student's and the teacher's stage 4, K classes).
# A leaf inherits the student config and this file and picks its pair:
#     model = dict(_base_.frozen_teacher, architecture=_base_.model,
#                  **_base_.pairs['deeplabv3-r101_segformer-mitb0_cityscapes'])
#     val_cfg = _base_.distill_val_cfg
_base_ = ['./heteroakd_distiller.py', '../../_base_/distill_wrapper.py']

_mitb4 = dict(  # mmseg's DeepLabV3 (ASPP) head on a MiT-B4 backbone (stage 4: 512 ch)
    backbone=dict(
        _delete_=True, type='MixVisionTransformer', in_channels=3, embed_dims=64, num_stages=4,
        num_layers=[3, 8, 27, 3], num_heads=[1, 2, 5, 8], patch_sizes=[7, 3, 3, 3],
        sr_ratios=[8, 4, 2, 1], out_indices=(0, 1, 2, 3), mlp_ratio=4, qkv_bias=True,
        drop_path_rate=0.1),
    decode_head=dict(in_channels=512), auxiliary_head=dict(in_channels=320))
_swin = 'mmseg::swin/swin-base-patch4-window7-in22k-pre_upernet_8xb2-160k_ade20k-512x512.py'
pairs = {
    f'{teacher}_{student}_{dataset}': dict(
        teacher=dict(cfg_path=cfg_path, pretrained=False, **overrides),
        teacher_ckpt=f'checkpoints/heteroakd/{teacher}_{dataset}.pth',
        distiller=dict(_base_.heteroakd_distiller, connectors=dict(
            proj_S=dict(type='LogitSpaceProjector', in_channels=channels_S, num_classes=k),
            proj_T=dict(type='LogitSpaceProjector', in_channels=channels_T, num_classes=k))))
    for teacher, student, dataset, k, channels_T, channels_S, cfg_path, overrides in [
        ('deeplabv3-mitb4', 'deeplabv3-mbv2', 'cityscapes', 19, 512, 320,
         'mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py', _mitb4),
        ('deeplabv3-r101', 'segformer-mitb0', 'cityscapes', 19, 2048, 256,
         'mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py', {}),
        ('deeplabv3-r101', 'segformer-mitb0', 'voc12aug', 21, 2048, 256,
         'mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-40k_voc12aug-512x512.py', {}),
        ('deeplabv3-r101', 'segformer-mitb0', 'ade20k', 150, 2048, 256,
         'mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-80k_ade20k-512x512.py', {}),
        ('segformer-mitb4', 'deeplabv3-r18', 'cityscapes', 19, 512, 512,
         'mmseg::segformer/segformer_mit-b4_8xb1-160k_cityscapes-1024x1024.py', {}),
        ('segformer-mitb4', 'deeplabv3-r18', 'voc12aug', 21, 512, 512,
         'mmseg::segformer/segformer_mit-b4_8xb2-160k_ade20k-512x512.py',
         dict(decode_head=dict(num_classes=21))),
        ('upernet-swinb', 'deeplabv3-r18', 'cityscapes', 19, 1024, 512, _swin,
         dict(decode_head=dict(num_classes=19), auxiliary_head=dict(num_classes=19))),
        ('upernet-swinb', 'deeplabv3-r18', 'ade20k', 150, 1024, 512, _swin, {}),
    ]
}
