/* Backward pass (HW3), workspace version.
 * W is a pointer to a workspace struct: calloc'd when backward() is first
 * called, freed at the end.  Stages:
 *   softmax_grad -> out_layer -> hidden_grad -> biases -> relu_grad -> in_layer */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    size_t n, h, c;
    double *dout;   /* n x c, row-major, no padding */
    double *dhid;   /* n x h */
} Work;

static Work *W;

static void softmax_grad(const bp_cache *cache, const size_t *y)
{
    for (size_t i = 0; i < W->n; i++)
        for (size_t k = 0; k < W->c; k++)
            W->dout[i * W->c + k] = (gsl_matrix_get(cache->prob, i, k)
                                     - (k == y[i] ? 1.0 : 0.0)) / (double)W->n;
}

static void hidden_grad(const bp_net *net)
{
    for (size_t i = 0; i < W->n; i++)
        for (size_t j = 0; j < W->h; j++) {
            double s = 0.0;
            for (size_t k = 0; k < W->c; k++)
                s += W->dout[i * W->c + k] * gsl_matrix_get(net->W2, j, k);
            W->dhid[i * W->h + j] = s;
        }
}

static void relu_grad(const bp_cache *cache)
{
    for (size_t i = 0; i < W->n; i++)
        for (size_t j = 0; j < W->h; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                W->dhid[i * W->h + j] = 0.0;
}

/* both biases: column sums of the workspace gradients */
static void biases(bp_grads *g)
{
    gsl_matrix_const_view dout = gsl_matrix_const_view_array(W->dout, W->n, W->c);
    gsl_matrix_const_view dhid = gsl_matrix_const_view_array(W->dhid, W->n, W->h);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < W->n; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(&dout.matrix, i);
        gsl_vector_const_view b = gsl_matrix_const_row(&dhid.matrix, i);
        gsl_vector_add(g->db2, &a.vector);
        gsl_vector_add(g->db1, &b.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    if (W == NULL) {
        W = calloc(1, sizeof(Work));
        if (W == NULL)
            return 1;
        W->n = N; W->h = net->H; W->c = net->C;
        W->dout = calloc(N * net->C, sizeof(double));
        W->dhid = calloc(N * net->H, sizeof(double));
    }
    gsl_matrix_view dout = gsl_matrix_view_array(W->dout, N, net->C);
    gsl_matrix_view dhid = gsl_matrix_view_array(W->dhid, N, net->H);

    softmax_grad(cache, y);
    gsl_matrix_memcpy(g->dz2, &dout.matrix);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &dout.matrix, 2.0 * reg, g->dW2);

    hidden_grad(net);
    gsl_matrix_memcpy(g->dp1, &dhid.matrix);
    biases(g);
    relu_grad(cache);
    gsl_matrix_memcpy(g->dz1, &dhid.matrix);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dhid.matrix, 2.0 * reg, g->dW1);

    free(W->dout);
    free(W->dhid);
    free(W);
    W = NULL;
    g->present = BP_GRADS_ALL;
    return 0;
}
