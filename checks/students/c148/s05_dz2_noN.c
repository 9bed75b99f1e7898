#include <stdlib.h>
#include "backprop.h"

/* hw3: backprop through the 2 layer net.
 * helpers: mm = matrix product, tr = transpose, csum = column sums.
 * all on the raw ->data arrays (row major). */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void mm(const double *A, const double *B, double *C, int m, int k, int n) {
    int i, j, l;
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++) {
            C[i*n+j] = 0;
            for (l = 0; l < k; l++) {
                C[i*n+j] += A[i*k+l] * B[l*n+j];
            }
        }
    }
}

static void tr(const double *A, double *B, int m, int n) {
    int i, j;
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++) {
            B[j*m+i] = A[i*n+j];
        }
    }
}

static void csum(const double *A, double *s, int m, int n) {
    int i, j;
    for (j = 0; j < n; j++) {
        s[j] = 0;
        for (i = 0; i < m; i++) {
            s[j] += A[i*n+j];
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i, j;
    double *prob = cache->prob->data;
    double *dz2 = g->dz2->data;
    double *tmp;

    /* gradient of softmax loss: p - 1 at the correct class */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            dz2[i*C+j] = prob[i*C+j] - (j == (int) y[i]);
        }
    }

    /* layer 2 */
    tmp = malloc(H * N * sizeof(double));
    tr(cache->p1->data, tmp, N, H);
    mm(tmp, dz2, g->dW2->data, H, N, C);
    free(tmp);
    for (i = 0; i < H*C; i++) {
        g->dW2->data[i] += 2*reg*net->W2->data[i];
    }
    csum(dz2, g->db2->data, N, C);

    tmp = malloc(C * H * sizeof(double));
    tr(net->W2->data, tmp, H, C);
    mm(dz2, tmp, g->dp1->data, N, C, H);
    free(tmp);

    /* relu */
    for (i = 0; i < N*H; i++) {
        if (cache->z1->data[i] > 0) {
            g->dz1->data[i] = g->dp1->data[i];
        } else {
            g->dz1->data[i] = 0;
        }
    }

    /* layer 1 */
    tmp = malloc(D * N * sizeof(double));
    tr(X->data, tmp, N, D);
    mm(tmp, g->dz1->data, g->dW1->data, D, N, H);
    free(tmp);
    for (i = 0; i < D*H; i++) {
        g->dW1->data[i] += 2*reg*net->W1->data[i];
    }
    csum(g->dz1->data, g->db1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
