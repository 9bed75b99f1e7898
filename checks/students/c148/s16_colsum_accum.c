/* backward.c (hw3)
 *
 * mm() does C = op(A) op(B) where op transposes when the flag is set,
 * so dW = X^T dz and dp1 = dz2 W2^T need no transposed copies.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C (m x n) = op(A) (m x k) * op(B) (k x n)
 * ta: A is stored k x m;  tb: B is stored n x k */
static void mm(const double *A, int ta, const double *B, int tb,
               double *C, int m, int k, int n)
{
    int i, j, p;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            double s = 0;
            for (p = 0; p < k; p++) {
                double a = ta ? A[p*m + i] : A[i*k + p];
                double b = tb ? B[j*k + p] : B[p*n + j];
                s += a * b;
            }
            C[i*n + j] = s;
        }
}

/* bias gradient: sum of the rows of A (m x n) into s (n) */
static void colsum(const double *A, double *s, int m, int n)
{
    int i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            s[j] += A[i*n + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i, j;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

    /* dz2 = (softmax - onehot)/N */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dz2[i*C + j] = (cache->prob->data[i*C + j]
                            - ((size_t) j == y[i] ? 1.0 : 0.0)) / N;

    /* dW2 = p1^T dz2 + 2 reg W2 */
    mm(cache->p1->data, 1, dz2, 0, g->dW2->data, H, N, C);
    for (i = 0; i < H*C; i++)
        g->dW2->data[i] += 2*reg*net->W2->data[i];
    colsum(dz2, g->db2->data, N, C);

    /* dp1 = dz2 W2^T */
    mm(dz2, 0, net->W2->data, 1, dp1, N, C, H);

    /* relu gate */
    for (i = 0; i < N*H; i++)
        dz1[i] = cache->z1->data[i] > 0 ? dp1[i] : 0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    mm(X->data, 1, dz1, 0, g->dW1->data, D, N, H);
    for (i = 0; i < D*H; i++)
        g->dW1->data[i] += 2*reg*net->W1->data[i];
    colsum(dz1, g->db1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
