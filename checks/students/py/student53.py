import numpy as np


def affine_relu_forward(x, w, b):
    a = x @ w + b
    out = np.maximum(a, 0)
    return out, (x, w, a)


def affine_relu_backward(dout, cache):
    x, w, a = cache
    da = dout * (a > 0)
    return da @ w.T, x.T @ da, da.sum(axis=0)


class TwoLayerNet(object):
    """Summed softmax loss (no averaging) + 0.5*reg*(|W1|^2 + |W2|^2)."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']

        h, cache = affine_relu_forward(X, W1, b1)
        scores = h @ W2 + b2
        if y is None:
            return scores

        N = X.shape[0]
        scores = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).sum()
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        grads = {}
        grads['W2'] = h.T @ dscores + reg * W2
        grads['b2'] = dscores.sum(axis=0)
        dh = dscores @ W2.T
        _, grads['W1'], grads['b1'] = affine_relu_backward(dh, cache)
        grads['W1'] += reg * W1
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
