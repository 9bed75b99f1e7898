/* Lab 4: backward pass of the 2-layer net.
 * The helpers work on plain double arrays (data, rows, cols, row stride)
 * so that I can reuse them; backward() unpacks the gsl structs. */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (n x c) = (prob - onehot(y)) / n */
static void grad_dz2(const double *prob, size_t ptda, const size_t *y,
                     size_t n, size_t c, double *out, size_t otda)
{
    size_t i, k;
    for (i = 0; i < n; i++) {
        for (k = 0; k < c; k++)
            out[i * otda + k] = prob[i * ptda + k] / (double)n;
        out[i * otda + y[i]] -= 1.0 / (double)n;
    }
}

/* dW (k x m) = A^T dZ + 2 reg W, A is (n x k), dZ is (n x m) */
static void grad_dW(const gsl_matrix *A, const gsl_matrix *dZ,
                    const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t n = A->size1, k = A->size2, m = dZ->size2, i, a, b;
    for (a = 0; a < k; a++)
        for (b = 0; b < m; b++) {
            double s = 2.0 * reg * W->data[a * W->tda + b];
            for (i = 0; i < n; i++)
                s += A->data[i * A->tda + a] * dZ->data[i * dZ->tda + b];
            dW->data[a * dW->tda + b] = s;
        }
}

/* bias gradient: sum the first m columns of dz over all rows */
static void grad_db(const gsl_matrix *dz, size_t m, gsl_vector *db)
{
    size_t i, j;
    gsl_vector_set_zero(db);
    for (i = 0; i < dz->size1; i++)
        for (j = 0; j < m; j++)
            db->data[j * db->stride] += dz->data[i * dz->tda + j];
}

/* dp1 = dz2 W2^T */
static void grad_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    size_t i, h, c;
    for (i = 0; i < dp1->size1; i++)
        for (h = 0; h < dp1->size2; h++) {
            double s = 0.0;
            for (c = 0; c < W2->size2; c++)
                s += dz2->data[i * dz2->tda + c] * W2->data[h * W2->tda + c];
            dp1->data[i * dp1->tda + h] = s;
        }
}

static void grad_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    size_t i, h;
    for (i = 0; i < dz1->size1; i++)
        for (h = 0; h < dz1->size2; h++)
            dz1->data[i * dz1->tda + h] =
                z1->data[i * z1->tda + h] > 0.0 ? dp1->data[i * dp1->tda + h] : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    grad_dz2(cache->prob->data, cache->prob->tda, y, N, C,
             g->dz2->data, g->dz2->tda);
    grad_dW(cache->p1, g->dz2, net->W2, reg, g->dW2);
    grad_db(g->dz2, C, g->db2);
    grad_dp1(g->dz2, net->W2, g->dp1);
    grad_dz1(g->dp1, cache->z1, g->dz1);
    grad_dW(X, g->dz1, net->W1, reg, g->dW1);
    grad_db(g->dz1, C, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
