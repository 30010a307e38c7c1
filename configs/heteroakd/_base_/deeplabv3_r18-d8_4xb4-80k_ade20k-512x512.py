# DeepLabV3-R18 student on ADE20K: mmseg's R50 config at depth 18 (as mmseg's Cityscapes R18
# config; mmseg ships R18 for Cityscapes only).
_base_ = ['mmseg::deeplabv3/deeplabv3_r50-d8_4xb4-80k_ade20k-512x512.py']
model = dict(
    pretrained='open-mmlab://resnet18_v1c',
    backbone=dict(depth=18),
    decode_head=dict(in_channels=512, channels=128),
    auxiliary_head=dict(in_channels=256, channels=64))
