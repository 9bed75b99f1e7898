/**
 * Backward pass for TwoLayerNet.
 * @author Kevin O.
 *
 * Same idea as my Java version: every matrix is a double[][] (here double**),
 * helper "methods" take the arrays and their sizes.
 */
#include <stdlib.h>
#include "backprop/grads.h"

double **alloc2d(int rows, int cols) {
    double **arr = (double **) malloc(rows * sizeof(double *));
    for (int r = 0; r < rows; r++) {
        arr[r] = (double *) calloc(cols, sizeof(double));
    }
    return arr;
}

void free2d(double **arr, int rows) {
    for (int r = 0; r < rows; r++) {
        free(arr[r]);
    }
    free(arr);
}

double **toArray(const gsl_matrix *m) {
    double **arr = alloc2d((int) m->size1, (int) m->size2);
    for (int r = 0; r < (int) m->size1; r++) {
        for (int c = 0; c < (int) m->size2; c++) {
            arr[r][c] = gsl_matrix_get(m, r, c);
        }
    }
    return arr;
}

void fromArray(double **arr, gsl_matrix *m) {
    for (int r = 0; r < (int) m->size1; r++) {
        for (int c = 0; c < (int) m->size2; c++) {
            gsl_matrix_set(m, r, c, arr[r][c]);
        }
    }
}

/** Returns A (n x m) times B (m x k). */
double **matMul(double **a, int n, int m, double **b, int m2, int k) {
    double **out = alloc2d(n, k);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < m && p < m2; p++) {
                out[i][j] += a[i][p] * b[p][j];
            }
        }
    }
    return out;
}

/** Returns the transpose (m x n) of A (n x m). */
double **transpose(double **a, int n, int m) {
    double **t = alloc2d(m, n);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            t[j][i] = a[i][j];
        }
    }
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int n = (int) X->size1, d = (int) net->D, h = (int) net->H, c = (int) net->C;

    double **x = toArray(X);
    double **z1 = toArray(cache->z1);
    double **a1 = toArray(cache->p1);
    double **w1 = toArray(net->W1);
    double **w2 = toArray(net->W2);

    // gradient of softmax loss wrt scores = probs - oneHot
    double **dScores = toArray(cache->prob);
    for (int i = 0; i < n; i++) {
        dScores[i][y[i]] -= 1.0;
    }

    double **a1T = transpose(a1, n, h);
    double **dW2 = matMul(a1T, h, n, dScores, n, c);
    double **w2T = transpose(w2, h, c);
    double **dA1 = matMul(dScores, n, c, w2T, c, h);

    double **dZ1 = alloc2d(n, h);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < h; j++) {
            if (z1[i][j] > 0) {
                dZ1[i][j] = dA1[i][j];
            }
        }
    }

    double **xT = transpose(x, n, d);
    double **dW1 = matMul(xT, d, n, dZ1, n, h);

    // regularization: d/dW of reg*||W||^2 = 2*reg*W
    for (int i = 0; i < h; i++)
        for (int j = 0; j < c; j++)
            dW2[i][j] += 2 * reg * w2[i][j];
    for (int i = 0; i < d; i++)
        for (int j = 0; j < h; j++)
            dW1[i][j] += 2 * reg * w1[i][j];

    for (int j = 0; j < c; j++) {
        double total = 0.0;
        for (int i = 0; i < n; i++) total += dScores[i][j];
        gsl_vector_set(g->db2, j, total);
    }
    for (int j = 0; j < h; j++) {
        double total = 0.0;
        for (int i = 0; i < n; i++) total += dZ1[i][j];
        gsl_vector_set(g->db1, j, total);
    }

    fromArray(dScores, g->dz2);
    fromArray(dW2, g->dW2);
    fromArray(dA1, g->dp1);
    fromArray(dZ1, g->dz1);
    fromArray(dW1, g->dW1);

    free2d(x, n); free2d(z1, n); free2d(a1, n); free2d(w1, d); free2d(w2, h);
    free2d(dScores, n); free2d(a1T, h); free2d(dW2, h); free2d(w2T, c);
    free2d(dA1, n); free2d(dZ1, n); free2d(xT, d); free2d(dW1, d);

    g->present = BP_GRADS_ALL;
    return 0;
}
