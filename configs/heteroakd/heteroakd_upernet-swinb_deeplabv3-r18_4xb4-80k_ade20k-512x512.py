# HeteroAKD, Transformer teacher (UperNet Swin-B) -> CNN student (DeepLabV3-R18), ADE20K.
# The user supplies the teacher checkpoint (train the teacher config on this dataset or
# convert a released one) at checkpoints/heteroakd/<teacher>_<dataset>.pth, the first and
# last parts of the pair's name. Projectors: last backbone stage of each model.
_base_ = ['./_base_/deeplabv3_r18-d8_4xb4-80k_ade20k-512x512.py',
          './_base_/heteroakd_pairs.py']
model = dict(_base_.frozen_teacher, architecture=_base_.model,
             **_base_.pairs['upernet-swinb_deeplabv3-r18_ade20k'])
val_cfg = _base_.distill_val_cfg
