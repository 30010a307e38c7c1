# HeteroAKD, Transformer teacher (DeepLabV3 head on MiT-B4) -> CNN student
# (DeepLabV3-MobileNetV2), Cityscapes
# (the paper's Table 1 pair: student 73.92, CWD 71.59, HeteroAKD 74.91).
# The user supplies the teacher checkpoint (train the teacher config on this dataset or
# convert a released one) at checkpoints/heteroakd/<teacher>_<dataset>.pth, the first and
# last parts of the pair's name. Projectors: last backbone stage of each model.
_base_ = ['mmseg::mobilenet_v2/mobilenet-v2-d8_deeplabv3_4xb2-80k_cityscapes-512x1024.py',
          './_base_/heteroakd_pairs.py']
model = dict(_base_.frozen_teacher, architecture=_base_.model,
             **_base_.pairs['deeplabv3-mitb4_deeplabv3-mbv2_cityscapes'])
val_cfg = _base_.distill_val_cfg
