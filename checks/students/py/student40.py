import numpy as np


class TwoLayerNet(object):
    """
    affine -> relu -> affine -> softmax.  Loss = sum of the per-example
    cross-entropies + 0.5 * reg * (||W1||^2 + ||W2||^2).
    Forward pass vectorised, backward pass one example at a time.
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        pre = X.dot(W1) + b1
        act = np.maximum(pre, 0)
        scores = act.dot(W2) + b2
        if y is None:
            return scores

        s = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(s)
        probs /= probs.sum(axis=1, keepdims=True)
        loss = np.sum(-np.log(probs[np.arange(N), y]))
        loss += 0.5 * reg * np.sum(W1 * W1) + 0.5 * reg * np.sum(W2 * W2)

        dW1 = reg * W1
        db1 = np.zeros_like(b1)
        dW2 = reg * W2
        db2 = np.zeros_like(b2)
        for i in range(N):
            dout = probs[i].copy()
            dout[y[i]] -= 1.0
            dW2 += np.outer(act[i], dout)
            db2 += dout
            dact = W2.dot(dout)
            dpre = dact * (pre[i] > 0)
            dW1 += np.outer(X[i], dpre)
            db1 += dpre

        grads = {}
        grads['W1'] = dW1
        grads['b1'] = db1
        grads['W2'] = dW2
        grads['b2'] = db2
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
