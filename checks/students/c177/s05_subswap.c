/* backward.c - backprop for the 2 layer net
 * translation of my numpy homework. helpers mimic numpy, first argument
 * is always the output (like memcpy).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = op(a) . op(b), op = 'T' transposes */
static void np_dot(gsl_matrix *out, const gsl_matrix *a, char ta,
                   const gsl_matrix *b, char tb)
{
    gsl_blas_dgemm(ta == 'T' ? CblasTrans : CblasNoTrans,
                   tb == 'T' ? CblasTrans : CblasNoTrans,
                   1.0, a, b, 0.0, out);
}

/* out = a - b */
static void np_sub(gsl_matrix *out, const gsl_matrix *a, const gsl_matrix *b)
{
    gsl_matrix_memcpy(out, a);
    gsl_matrix_sub(out, b);
}

/* out = a * s */
static void np_scale(gsl_matrix *out, const gsl_matrix *a, double s)
{
    if (out != a)
        gsl_matrix_memcpy(out, a);
    gsl_matrix_scale(out, s);
}

/* out = a.sum(axis=0) */
static void np_sum_axis0(gsl_vector *out, const gsl_matrix *a)
{
    size_t j;
    for (j = 0; j < a->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(a, j);
        gsl_vector_set(out, j, gsl_vector_sum(&col.vector));
    }
}

/* out = np.where(cond > 0, a, 0) */
static void np_where_positive(gsl_matrix *out, const gsl_matrix *cond,
                              const gsl_matrix *a)
{
    size_t i, j;
    for (i = 0; i < a->size1; i++)
        for (j = 0; j < a->size2; j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(cond, i, j) > 0.0
                                      ? gsl_matrix_get(a, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    gsl_matrix *Y, *tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Y = gsl_matrix_calloc(N, net->C);          /* y_onehot */
    tmp = gsl_matrix_alloc(net->D, net->H);    /* big enough for W1 or W2? no, separate below */
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);

    /* dscores = (probs - y_onehot) / N */
    np_sub(g->dz2, Y, cache->prob);
    np_scale(g->dz2, g->dz2, 1.0 / N);

    /* dW2 = h.T . dscores + 2 reg W2 */
    np_dot(g->dW2, cache->p1, 'T', g->dz2, 'N');
    {
        gsl_matrix *rW2 = gsl_matrix_alloc(net->H, net->C);
        np_scale(rW2, net->W2, 2.0 * reg);
        gsl_matrix_add(g->dW2, rW2);
        gsl_matrix_free(rW2);
    }

    /* db2 = dscores.sum(axis=0) */
    np_sum_axis0(g->db2, g->dz2);

    /* dh = dscores . W2.T */
    np_dot(g->dp1, g->dz2, 'N', net->W2, 'T');

    /* dz1 = dh * (z1 > 0) */
    np_where_positive(g->dz1, cache->z1, g->dp1);

    /* dW1 = X.T . dz1 + 2 reg W1 */
    np_dot(g->dW1, X, 'T', g->dz1, 'N');
    np_scale(tmp, net->W1, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp);

    /* db1 = dz1.sum(axis=0) */
    np_sum_axis0(g->db1, g->dz1);

    gsl_matrix_free(tmp);
    gsl_matrix_free(Y);
    g->present = BP_GRADS_ALL;
    return 0;
}
