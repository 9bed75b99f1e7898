/* backward.c - backward pass for the two layer net
 * helpers: at_b (A^T B), a_bt (A B^T), colsum
 */
#include "backprop/net.h"
#include "backprop/grads.h"

/* out = A^T B  (A: K x M, B: K x P, out: M x P) */
static void at_b(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    int i, j, k;
    double s;

    for (i = 0; i < (int) A->size2; i++) {
        for (j = 0; j < (int) B->size2; j++) {
            s = 0.0;
            for (k = 0; k < (int) A->size1; k++)
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(out, i, j, s);
        }
    }
}

/* out = A B^T  (A: M x K, B: P x K, out: M x P) */
static void a_bt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    int i, j, k;
    double s;

    for (i = 0; i < (int) A->size1; i++) {
        for (j = 0; j < (int) B->size1; j++) {
            s = 0.0;
            for (k = 0; k < (int) A->size2; k++)
                s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
            gsl_matrix_set(out, i, j, s);
        }
    }
}

/* v[c] = sum over rows of m[r][c] */
static void colsum(const gsl_matrix *m, gsl_vector *v)
{
    int r, c;
    double s;

    s = 0.0;
    for (c = 0; c < (int) m->size2; c++) {
        for (r = 0; r < (int) m->size1; r++)
            s += gsl_matrix_get(m, r, c);
        gsl_vector_set(v, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int i, j, N;
    double v;

    N = (int) X->size1;
    if (N != (int) cache->N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < (int) net->C; j++) {
            v = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i]) v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    at_b(cache->p1, g->dz2, g->dW2);
    for (i = 0; i < (int) net->H; i++)
        for (j = 0; j < (int) net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    colsum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    a_bt(g->dz2, net->W2, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < (int) net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    at_b(X, g->dz1, g->dW1);
    for (i = 0; i < (int) net->D; i++)
        for (j = 0; j < (int) net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
